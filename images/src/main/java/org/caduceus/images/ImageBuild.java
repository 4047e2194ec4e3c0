package org.caduceus.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.caduceus.images.base.BaseFileSystem;
import org.caduceus.images.base.Host;
import org.caduceus.images.base.JavaRuntime;
import org.caduceus.images.oci.Image;
import org.caduceus.images.oci.ImageSpec;
import org.caduceus.images.oci.Layer;
import org.caduceus.images.oci.LayerTree;
import org.caduceus.images.oci.LayerWriter;
import org.caduceus.images.oci.OciLayout;
import org.caduceus.images.sbom.MavenRepository;
import org.caduceus.images.sbom.Sbom;

/**
 * Builds every deployable's image (run by the build before the test phase):
 * {@code --apps DIR --out DIR --work DIR --maven-repository DIR --repository R --version V
 * --required B}. Writes {@code out/oci/} (one OCI layout with every image), and per image
 * {@code out/caduceus-<component>-<version>.tar} (for {@code docker load} and the like)
 * and {@code .cdx.json} (its SBOM), and {@code out/images.txt} (reference, digest, size).
 * Where the tools are missing it writes why to {@code out/SKIPPED} and says so, unless
 * {@code --required true} ({@code -Pimages}), which fails instead.
 */
public final class ImageBuild {

	static final String SKIPPED = "SKIPPED";

	private static final System.Logger log = System.getLogger(ImageBuild.class.getName());

	static final List<String> ENTRYPOINT = List.of("/opt/java/bin/java", "-Djava.awt.headless=true",
			"--enable-native-access=ALL-UNNAMED", "-jar", "/app/app.jar");

	private ImageBuild() {
	}

	public static void main(String[] args) throws IOException {
		Map<String, String> options = new HashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].substring(2), args[i + 1]);
		}
		Path apps = Path.of(options.get("apps"));
		Path out = Path.of(options.get("out"));
		Path work = Path.of(options.get("work"));
		boolean required = Boolean.parseBoolean(options.get("required"));
		Files.createDirectories(out);
		Host host = new Host(Path.of(System.getProperty("java.home")));
		Optional<String> missing = host.missing().or(() -> missingJar(apps));
		if (missing.isPresent()) {
			if (required) {
				throw new IllegalStateException("images cannot be built here: " + missing.get());
			}
			Files.writeString(out.resolve(SKIPPED), missing.get() + "\n");
			log.log(Level.WARNING, "IMAGES SKIPPED: {0} (the start test skips too; -Pimages fails instead)",
					missing.get());
			return;
		}
		Files.deleteIfExists(out.resolve(SKIPPED));
		long started = System.nanoTime();
		List<Image> images = build(apps, out, work,
				Path.of(options.getOrDefault("maven-repository", System.getProperty("user.home") + "/.m2/repository")),
				options.get("repository"), options.get("version"));
		StringBuilder list = new StringBuilder();
		for (Image image : images) {
			list.append(image.spec().reference())
				.append(' ')
				.append(image.digest())
				.append(' ')
				.append(image.size())
				.append('\n');
			log.log(Level.INFO, "image {0} {1} ({2} MB compressed)", image.spec().reference(), image.digest(),
					String.format("%.1f", image.size() / 1_000_000.0));
		}
		Files.writeString(out.resolve("images.txt"), list);
		log.log(Level.INFO, "{0} images in {1} s: {2}", images.size(), (System.nanoTime() - started) / 1_000_000_000,
				out);
	}

	static List<Image> build(Path apps, Path out, Path work, Path mavenRepository, String repository, String version)
			throws IOException {
		Host host = new Host(Path.of(System.getProperty("java.home")));
		JavaRuntime runtime = JavaRuntime.make(host, work);
		BaseFileSystem base = BaseFileSystem.assemble(runtime, work);
		OciLayout layout = new OciLayout(out.resolve("oci"));
		LayerWriter writer = new LayerWriter(layout, work.resolve("layers"));
		Layer baseLayer = writer.write(base.key() + "\n" + base.tree().fingerprint(),
				"caduceus-images: base (jlink runtime " + runtime.version() + " in /opt/java, "
						+ String.join(", ", base.packages().stream().map((p) -> p.name() + " " + p.version()).toList())
						+ ", uid 10001)",
				base.tree(), 6);
		String debian = Files.readString(Path.of("/etc/debian_version")).strip();
		MavenRepository maven = MavenRepository.at(mavenRepository);
		List<Image> images = new ArrayList<>();
		for (Deployable deployable : Deployable.ALL) {
			Path jar = apps.resolve(deployable.jar());
			LayerTree appTree = appTree(deployable, jar);
			Layer app = writer.write(sha256(jar) + "\n" + appTree.fingerprint(),
					"caduceus-images: /app/app.jar (" + deployable.image() + ")", appTree, 1);
			ImageSpec spec = spec(deployable, repository, version, List.of(baseLayer, app));
			Image image = layout.add(spec);
			layout.archive(image, out.resolve(deployable.image() + "-" + version + ".tar"));
			Sbom.write(image, jar, runtime, base.packages(), debian, maven,
					out.resolve(deployable.image() + "-" + version + ".cdx.json"));
			images.add(image);
		}
		layout.index(images);
		return images;
	}

	static ImageSpec spec(Deployable deployable, String repository, String version, List<Layer> layers) {
		List<String> env = new ArrayList<>(List.of("PATH=/opt/java/bin", "JAVA_HOME=/opt/java", "LANG=C.UTF-8"));
		if (!deployable.component().equals("store")) {
			env.add("CADUCEUS_PORT=" + deployable.port());
			env.add("CADUCEUS_BIND_ADDRESS=0.0.0.0");
		}
		Map<String, String> labels = new LinkedHashMap<>();
		labels.put("org.opencontainers.image.title", deployable.image());
		labels.put("org.opencontainers.image.version", version);
		labels.put("org.opencontainers.image.vendor", "Caduceus");
		labels.put("org.opencontainers.image.description",
				"Caduceus " + deployable.component() + ": incident-response coordination for health-sector CSIRTs");
		return new ImageSpec(deployable.image(), repository + "/" + deployable.image() + ":" + version, layers,
				ENTRYPOINT, deployable.cmd(), env, List.of(deployable.port()),
				deployable.volume().isEmpty() ? List.of() : List.of(deployable.volume()), labels,
				BaseFileSystem.UID + ":" + BaseFileSystem.UID);
	}

	private static LayerTree appTree(Deployable deployable, Path jar) {
		LayerTree tree = new LayerTree().directory("app", 0755, 0, 0).file("app/app.jar", jar, 0444);
		if (!deployable.volume().isEmpty()) {
			tree.directory(deployable.volume(), 0750, BaseFileSystem.UID, BaseFileSystem.UID);
		}
		return tree;
	}

	private static Optional<String> missingJar(Path apps) {
		for (Deployable deployable : Deployable.ALL) {
			if (!Files.isRegularFile(apps.resolve(deployable.jar()))) {
				return Optional.of("no " + deployable.jar() + " in " + apps + " (package the deployables first)");
			}
		}
		return Optional.empty();
	}

	private static String sha256(Path file) throws IOException {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
				in.transferTo(OutputStream.nullOutputStream());
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JDK", ex);
		}
	}

}
