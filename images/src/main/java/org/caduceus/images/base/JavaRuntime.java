package org.caduceus.images.base;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Java runtime of every image: {@code jlink} of this build's JDK, holding only the
 * modules the deployables use, without debug symbols, headers, man pages, the AWT/X11,
 * sound and splash-screen libraries (the apps are headless) or any launcher but
 * {@code java}. jlink writes the same bytes from the same JDK and options (its CDS
 * archive included), and the runtime is made again only when those change.
 *
 * @param dir where the runtime is
 * @param key what its bytes depend on
 * @param version the JDK's version, from its {@code release} file
 * @param vendor the JDK's vendor, e.g. {@code Eclipse Adoptium}
 */
public record JavaRuntime(Path dir, String key, String version, String vendor) {

	/**
	 * The modules: {@code jdeps --print-module-deps} over every deployable's classes and
	 * libraries (BOOT-INF/classes and BOOT-INF/lib of each jar; 45 s, so not in every
	 * build) gives all but the last; {@code jdk.naming.dns} is loaded by name by the
	 * MongoDB driver for {@code mongodb+srv://} URIs, which jdeps cannot see.
	 */
	public static final List<String> MODULES = List.of("java.base", "java.compiler", "java.desktop", "java.instrument",
			"java.naming", "java.net.http", "java.prefs", "java.scripting", "java.security.jgss", "java.security.sasl",
			"java.sql", "jdk.jfr", "jdk.management", "jdk.unsupported", "jdk.naming.dns");

	static final List<String> OPTIONS = List.of("--strip-debug", "--no-header-files", "--no-man-pages",
			"--compress=zip-6", "--generate-cds-archive");

	/**
	 * Native libraries a headless server never loads, with the X11 and ALSA libraries
	 * they pull in.
	 */
	static final List<String> HEADLESS = List.of("lib/libawt_xawt.so", "lib/libjawt.so", "lib/libjsound.so",
			"lib/libsplashscreen.so", "lib/server/classes_nocoops.jsa");

	/**
	 * Makes the runtime in {@code work/runtime}, unless the one there has the same key.
	 */
	public static JavaRuntime make(Host host, Path work) throws IOException {
		Path release = host.javaHome().resolve("release");
		String releaseText = Files.readString(release);
		String key = sha256(releaseText + "\n" + host.javaHome() + "\n" + MODULES + "\n" + OPTIONS + "\n" + HEADLESS);
		Path dir = work.resolve("runtime");
		Path keyFile = work.resolve("runtime.key");
		if (!Files.isRegularFile(keyFile) || !Files.readString(keyFile).equals(key) || !Files.isDirectory(dir)) {
			Files.deleteIfExists(keyFile);
			delete(dir);
			Files.createDirectories(work);
			List<String> command = new ArrayList<>(List.of(host.jlink().toString(), "--add-modules",
					String.join(",", MODULES), "--output", dir.toString()));
			command.addAll(OPTIONS);
			Host.run(command);
			for (String path : HEADLESS) {
				Files.deleteIfExists(dir.resolve(path));
			}
			try (Stream<Path> tools = Files.list(dir.resolve("bin"))) {
				for (Path tool : tools.filter((tool) -> !tool.getFileName().toString().equals("java")).toList()) {
					Files.delete(tool);
				}
			}
			Files.writeString(keyFile, key);
		}
		return new JavaRuntime(dir, key, field(releaseText, "JAVA_VERSION"), field(releaseText, "IMPLEMENTOR"));
	}

	private static String field(String release, String name) {
		return release.lines()
			.filter((line) -> line.startsWith(name + "="))
			.map((line) -> line.substring(name.length() + 1).replace("\"", ""))
			.findFirst()
			.orElse("unknown");
	}

	private static void delete(Path dir) throws IOException {
		if (Files.exists(dir)) {
			try (Stream<Path> walk = Files.walk(dir)) {
				for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(path);
				}
			}
		}
	}

	static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JDK", ex);
		}
	}

}
