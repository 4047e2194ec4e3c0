package org.caduceus.images.sbom;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The build's local Maven repository, where every library jar of the apps was resolved
 * from: it gives the group of a nested jar that carries no {@code pom.properties}, taken
 * only when the file there has the same SHA-256.
 */
public final class MavenRepository {

	private final Path root;

	private final Map<String, List<Path>> byFileName;

	private final Map<Path, String> hashes = new HashMap<>();

	private MavenRepository(Path root, Map<String, List<Path>> byFileName) {
		this.root = root;
		this.byFileName = byFileName;
	}

	/**
	 * Lists the jars under {@code root}; an absent directory gives an empty repository.
	 */
	public static MavenRepository at(Path root) throws IOException {
		Map<String, List<Path>> jars = new HashMap<>();
		if (Files.isDirectory(root)) {
			try (Stream<Path> walk = Files.walk(root)) {
				walk.filter((path) -> path.getFileName().toString().endsWith(".jar"))
					.forEach((path) -> jars.computeIfAbsent(path.getFileName().toString(), (name) -> new ArrayList<>())
						.add(path));
			}
		}
		return new MavenRepository(root, jars);
	}

	/**
	 * @return {@code groupId} of the jar named {@code fileName} whose SHA-256 is
	 * {@code sha256}
	 */
	Optional<String> group(String fileName, String sha256) throws IOException {
		for (Path jar : this.byFileName.getOrDefault(fileName, List.of())) {
			if (sha256.equals(hash(jar))) {
				Path relative = this.root.relativize(jar);
				// group/as/dirs/artifactId/version/file.jar
				if (relative.getNameCount() >= 4) {
					List<String> parts = new ArrayList<>();
					for (int i = 0; i < relative.getNameCount() - 3; i++) {
						parts.add(relative.getName(i).toString());
					}
					return Optional.of(String.join(".", parts));
				}
			}
		}
		return Optional.empty();
	}

	private String hash(Path jar) throws IOException {
		String known = this.hashes.get(jar);
		if (known != null) {
			return known;
		}
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			try (InputStream in = new DigestInputStream(Files.newInputStream(jar), digest)) {
				in.transferTo(OutputStream.nullOutputStream());
			}
			String hex = HexFormat.of().formatHex(digest.digest());
			this.hashes.put(jar, hex);
			return hex;
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JDK", ex);
		}
	}

}
