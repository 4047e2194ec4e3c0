package org.caduceus.images.base;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.caduceus.images.oci.LayerTree;

/**
 * The root file system every image starts from, with no shell and no package manager: the
 * Java runtime in {@code /opt/java}; the shared libraries it links against, each as this
 * machine's Debian package installed it (found with {@code ldd}, attributed with
 * {@code dpkg-query -S}); {@code ca-certificates}' bundle; {@code tzdata}'s zones; the
 * copyright file and the {@code dpkg} status of each of those packages (in
 * {@code /var/lib/dpkg/status.d/}, where scanners look); {@code /etc/passwd} and
 * {@code /etc/group} with the user {@code caduceus} (10001:10001); UTC as
 * {@code /etc/localtime}; an empty {@code /tmp} and {@code /etc/hosts},
 * {@code /etc/resolv.conf} for the runtime to mount over.
 */
public final class BaseFileSystem {

	/** The user every image runs as, as the chart's security context says. */
	public static final int UID = 10001;

	static final String PASSWD = "root:x:0:0:root:/root:/sbin/nologin\n"
			+ "caduceus:x:10001:10001:Caduceus:/tmp:/sbin/nologin\n"
			+ "nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n";

	static final String GROUP = "root:x:0:\ncaduceus:x:10001:\nnogroup:x:65534:\n";

	static final String NSSWITCH = "passwd: files\ngroup: files\nhosts: files dns\n";

	static final String CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";

	private final LayerTree tree;

	private final List<DebianPackage> packages;

	private final String key;

	private BaseFileSystem(LayerTree tree, List<DebianPackage> packages, String key) {
		this.tree = tree;
		this.packages = packages;
		this.key = key;
	}

	/**
	 * Lists what the base holds; reads nothing but file names, links and the package
	 * database.
	 */
	public static BaseFileSystem assemble(JavaRuntime runtime, Path work) throws IOException {
		LayerTree tree = new LayerTree();
		tree.tree("opt/java", runtime.dir());
		Map<String, List<String>> owned = new TreeMap<>();
		for (String library : libraries(runtime.dir())) {
			owned.computeIfAbsent(owner(library), (name) -> new ArrayList<>()).add(library);
		}
		owned.computeIfAbsent("ca-certificates", (name) -> new ArrayList<>()).add(CA_BUNDLE);
		owned.computeIfAbsent("tzdata", (name) -> new ArrayList<>()).addAll(zones());
		List<DebianPackage> packages = new ArrayList<>();
		Path status = work.resolve("status.d");
		Files.createDirectories(status);
		for (Map.Entry<String, List<String>> entry : owned.entrySet()) {
			String name = entry.getKey();
			for (String path : entry.getValue()) {
				copy(tree, Path.of(path));
			}
			Path copyright = Path.of("/usr/share/doc", name, "copyright");
			if (Files.isRegularFile(copyright)) {
				copy(tree, copyright);
			}
			String stanza = Host.run(List.of("dpkg-query", "-s", name));
			Path file = status.resolve(name);
			Files.writeString(file, stanza);
			tree.file("var/lib/dpkg/status.d/" + name, file, 0644);
			packages.add(new DebianPackage(name, statusField(stanza, "Version"), statusField(stanza, "Architecture"),
					stanza, entry.getValue().size()));
		}
		Path etc = work.resolve("etc");
		Files.createDirectories(etc);
		Map<String, String> files = new LinkedHashMap<>();
		files.put("passwd", PASSWD);
		files.put("group", GROUP);
		files.put("nsswitch.conf", NSSWITCH);
		files.put("hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost\n");
		files.put("resolv.conf", "");
		for (Map.Entry<String, String> file : files.entrySet()) {
			Path written = etc.resolve(file.getKey());
			Files.writeString(written, file.getValue(), StandardCharsets.US_ASCII);
			tree.file("etc/" + file.getKey(), written, 0644);
		}
		tree.symlink("etc/localtime", "/usr/share/zoneinfo/Etc/UTC");
		tree.directory("tmp", 01777, 0, 0);
		tree.directory("app", 0755, 0, 0);
		StringBuilder key = new StringBuilder(runtime.key()).append('\n');
		for (DebianPackage debian : packages) {
			key.append(debian.name()).append('=').append(debian.version()).append('\n');
		}
		key.append(JavaRuntime.sha256(Files.readString(Path.of(CA_BUNDLE)))).append('\n');
		files.values().forEach((content) -> key.append(JavaRuntime.sha256(content)).append('\n'));
		return new BaseFileSystem(tree, List.copyOf(packages), key.toString());
	}

	public LayerTree tree() {
		return this.tree;
	}

	/**
	 * @return the Debian packages whose files it holds, by name
	 */
	public List<DebianPackage> packages() {
		return this.packages;
	}

	/**
	 * @return everything its bytes depend on
	 */
	public String key() {
		return this.key;
	}

	/**
	 * The libraries outside the runtime that {@code java} and the runtime's own libraries
	 * link against.
	 */
	static Collection<String> libraries(Path runtime) throws IOException {
		List<String> command = new ArrayList<>(List.of("ldd", runtime.resolve("bin/java").toString()));
		try (Stream<Path> walk = Files.walk(runtime.resolve("lib"))) {
			walk.filter((path) -> path.getFileName().toString().endsWith(".so"))
				.sorted()
				.forEach((path) -> command.add(path.toString()));
		}
		TreeSet<String> libraries = new TreeSet<>();
		for (String line : Host.run(command).lines().toList()) {
			String text = line.strip();
			String path;
			if (text.contains("=>")) {
				path = text.substring(text.indexOf("=>") + 2).strip();
			}
			else {
				path = text;
			}
			int address = path.indexOf(" (");
			if (address > 0) {
				path = path.substring(0, address);
			}
			// libjvm.so is found by the runtime's own launcher; vdso is the kernel's
			if (path.startsWith("/") && !path.startsWith(runtime.toString()) && !path.endsWith(":")) {
				libraries.add(path);
			}
		}
		return libraries;
	}

	private static String owner(String path) throws IOException {
		Host.Result result = Host.attempt(List.of("dpkg-query", "-S", path));
		if (result.exit() != 0) {
			result = Host.attempt(List.of("dpkg-query", "-S", Path.of(path).toRealPath().toString()));
		}
		if (result.exit() != 0) {
			throw new IOException(path + " is needed by the runtime but belongs to no installed Debian package: "
					+ result.output().strip());
		}
		String line = result.output().lines().filter((text) -> !text.startsWith("diversion")).findFirst().orElseThrow();
		String name = line.substring(0, line.indexOf(':'));
		return name.contains(",") ? name.substring(0, name.indexOf(',')) : name;
	}

	/** tzdata's zones, without {@code right/} (leap seconds) and {@code posix/}. */
	private static List<String> zones() throws IOException {
		return Host.run(List.of("dpkg-query", "-L", "tzdata"))
			.lines()
			.filter((path) -> path.startsWith("/usr/share/zoneinfo/"))
			.filter((path) -> !path.startsWith("/usr/share/zoneinfo/right")
					&& !path.startsWith("/usr/share/zoneinfo/posix"))
			// a link to this machine's /etc/localtime: the image's own is UTC
			.filter((path) -> !path.equals("/usr/share/zoneinfo/localtime"))
			.filter((path) -> !Files.isDirectory(Path.of(path), java.nio.file.LinkOption.NOFOLLOW_LINKS))
			.sorted()
			.toList();
	}

	/**
	 * Adds {@code path} as this machine has it: each symbolic link on the way (such as
	 * {@code /lib -> usr/lib} on a merged-/usr system) as a link, then what it points to.
	 */
	static void copy(LayerTree tree, Path path) throws IOException {
		Path current = Path.of("/");
		for (int i = 0; i < path.getNameCount(); i++) {
			current = current.resolve(path.getName(i));
			if (Files.isSymbolicLink(current)) {
				Path target = Files.readSymbolicLink(current);
				tree.symlink(current.toString(), target.toString());
				Path resolved = current.getParent().resolve(target).normalize();
				Path rest = (i + 1 < path.getNameCount()) ? path.subpath(i + 1, path.getNameCount()) : null;
				copy(tree, (rest != null) ? resolved.resolve(rest) : resolved);
				return;
			}
		}
		if (Files.isRegularFile(current) && !tree.has(current.toString())) {
			tree.file(current.toString(), current,
					Files.isExecutable(current) && !current.toString().startsWith("/usr/share") ? 0755 : 0644);
		}
	}

	private static String statusField(String stanza, String field) {
		return stanza.lines()
			.filter((line) -> line.startsWith(field + ": "))
			.map((line) -> line.substring(field.length() + 2).strip())
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no " + field + " in " + stanza));
	}

}
