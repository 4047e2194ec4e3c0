package org.caduceus.images.sbom;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import org.caduceus.images.base.DebianPackage;
import org.caduceus.images.base.JavaRuntime;
import org.caduceus.images.oci.Image;
import org.caduceus.images.oci.Json;
import org.jspecify.annotations.Nullable;

/**
 * A CycloneDX 1.5 bill of materials of one image, from what the image holds: the Debian
 * packages of its base, the Java runtime with its modules, the application jar and every
 * library jar inside it (named by its own {@code pom.properties}, else by its file name
 * and the group of the jar with the same SHA-256 in the build's Maven repository). No
 * timestamp, and a serial number derived from the image's digest, so the same image has
 * the same SBOM.
 */
public final class Sbom {

	/**
	 * {@code artifactId-version.jar}, the version starting at the first dash before a
	 * digit.
	 */
	private static final Pattern NAMED = Pattern.compile("(.+?)-(\\d[^/]*)\\.jar");

	private Sbom() {
	}

	/**
	 * Writes the SBOM of {@code image}, whose last layer holds {@code jar}, to
	 * {@code file}.
	 */
	public static void write(Image image, Path jar, JavaRuntime runtime, List<DebianPackage> packages, String debian,
			MavenRepository maven, Path file) throws IOException {
		Map<String, Object> bom = new LinkedHashMap<>();
		bom.put("bomFormat", "CycloneDX");
		bom.put("specVersion", "1.5");
		bom.put("serialNumber",
				"urn:uuid:" + UUID.nameUUIDFromBytes(image.digest().getBytes(StandardCharsets.US_ASCII)));
		bom.put("version", 1);
		Map<String, Object> metadata = new LinkedHashMap<>();
		Map<String, Object> tool = new LinkedHashMap<>();
		tool.put("type", "application");
		tool.put("group", "org.caduceus");
		tool.put("name", "caduceus-images");
		metadata.put("tools", Map.of("components", List.of(tool)));
		String reference = image.spec().reference();
		String repository = reference.substring(0, reference.lastIndexOf(':'));
		Map<String, Object> container = new LinkedHashMap<>();
		container.put("type", "container");
		container.put("bom-ref", image.digest());
		container.put("name", repository);
		container.put("version", image.spec().tag());
		container.put("purl", "pkg:oci/" + image.spec().name() + "@" + image.digest().replace(":", "%3A")
				+ "?repository_url=" + repository + "&tag=" + image.spec().tag());
		metadata.put("component", container);
		bom.put("metadata", metadata);
		List<Object> components = new ArrayList<>();
		components.add(component("operating-system", "debian", debian, null, List.of()));
		for (DebianPackage debianPackage : packages) {
			components.add(component("library", debianPackage.name(), debianPackage.version(), debianPackage.purl(),
					List.of()));
		}
		Map<String, Object> java = component("platform", "java-runtime", runtime.version(),
				"pkg:generic/java-runtime@" + runtime.version(), List.of());
		java.put("supplier", Map.of("name", runtime.vendor()));
		java.put("description", "jlink of the build's JDK, in /opt/java");
		java.put("properties",
				List.of(Map.of("name", "jlink:modules", "value", String.join(",", JavaRuntime.MODULES))));
		components.add(java);
		components.addAll(jar(jar, maven));
		bom.put("components", components);
		Files.writeString(file, Json.write(bom) + "\n");
	}

	/** The application jar and the library jars it holds in {@code BOOT-INF/lib/}. */
	static List<Map<String, Object>> jar(Path jar, MavenRepository maven) throws IOException {
		List<Map<String, Object>> components = new ArrayList<>();
		try (ZipFile zip = new ZipFile(jar.toFile())) {
			Properties own = ownCoordinates(zip);
			Map<String, Object> application = component("application", own.getProperty("artifactId", "app"),
					own.getProperty("version", "unknown"), purl(own), List.of(hash("SHA-256", sha256(jar))));
			application.put("group", own.getProperty("groupId", ""));
			components.add(application);
			List<Map<String, Object>> libraries = new ArrayList<>();
			for (ZipEntry entry : zip.stream()
				.filter((e) -> e.getName().startsWith("BOOT-INF/lib/") && e.getName().endsWith(".jar"))
				.toList()) {
				libraries.add(library(zip, entry, maven));
			}
			libraries.sort(Comparator.comparing((Map<String, Object> c) -> String.valueOf(c.get("bom-ref"))));
			components.addAll(libraries);
		}
		return components;
	}

	private static Properties ownCoordinates(ZipFile zip) throws IOException {
		for (ZipEntry entry : zip.stream()
			.filter((e) -> e.getName().startsWith("META-INF/maven/") && e.getName().endsWith("/pom.properties"))
			.toList()) {
			try (InputStream in = zip.getInputStream(entry)) {
				Properties properties = new Properties();
				properties.load(in);
				return properties;
			}
		}
		return new Properties();
	}

	private static Map<String, Object> library(ZipFile zip, ZipEntry entry, MavenRepository maven) throws IOException {
		String file = entry.getName().substring("BOOT-INF/lib/".length());
		MessageDigest digest = sha256();
		Properties chosen = null;
		try (DigestInputStream in = new DigestInputStream(zip.getInputStream(entry), digest);
				ZipInputStream nested = new ZipInputStream(in)) {
			List<Properties> found = new ArrayList<>();
			ZipEntry inner;
			while ((inner = nested.getNextEntry()) != null) {
				if (inner.getName().startsWith("META-INF/maven/") && inner.getName().endsWith("/pom.properties")) {
					Properties properties = new Properties();
					properties.load(nested);
					found.add(properties);
				}
			}
			in.transferTo(OutputStream.nullOutputStream());
			for (Properties properties : found) {
				if (file
					.equals(properties.getProperty("artifactId") + "-" + properties.getProperty("version") + ".jar")) {
					chosen = properties;
				}
			}
			if (chosen == null && found.size() == 1) {
				chosen = found.get(0);
			}
		}
		String sha = HexFormat.of().formatHex(digest.digest());
		if (chosen == null) {
			// a jar without Maven's pom.properties (Spring's own, for one): Spring Boot
			// names
			// each nested jar artifactId-version.jar, and its hash identifies it exactly
			Matcher named = NAMED.matcher(file);
			String name = named.matches() ? named.group(1) : file.substring(0, file.length() - ".jar".length());
			String version = named.matches() ? named.group(2) : "unknown";
			Optional<String> group = maven.group(file, sha);
			if (group.isPresent()) {
				Properties found = new Properties();
				found.setProperty("groupId", group.get());
				found.setProperty("artifactId", name);
				found.setProperty("version", version);
				chosen = found;
			}
			else {
				Map<String, Object> component = component("library", name, version, null,
						List.of(hash("SHA-256", sha)));
				component.put("bom-ref", "file:" + file);
				return component;
			}
		}
		Map<String, Object> component = component("library", chosen.getProperty("artifactId"),
				chosen.getProperty("version"), purl(chosen), List.of(hash("SHA-256", sha)));
		component.put("group", chosen.getProperty("groupId"));
		return component;
	}

	private static String purl(Properties coordinates) {
		return "pkg:maven/" + coordinates.getProperty("groupId", "unknown") + "/"
				+ coordinates.getProperty("artifactId", "unknown") + "@" + coordinates.getProperty("version", "unknown")
				+ "?type=jar";
	}

	private static Map<String, Object> component(String type, String name, String version, @Nullable String purl,
			List<Object> hashes) {
		Map<String, Object> component = new LinkedHashMap<>();
		component.put("type", type);
		component.put("bom-ref", (purl != null) ? purl : type + ":" + name + "@" + version);
		component.put("name", name);
		component.put("version", version);
		if (purl != null) {
			component.put("purl", purl);
		}
		if (!hashes.isEmpty()) {
			component.put("hashes", hashes);
		}
		return component;
	}

	private static Map<String, Object> hash(String algorithm, String content) {
		Map<String, Object> hash = new LinkedHashMap<>();
		hash.put("alg", algorithm);
		hash.put("content", content);
		return hash;
	}

	private static String sha256(Path file) throws IOException {
		MessageDigest digest = sha256();
		try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
			in.transferTo(OutputStream.nullOutputStream());
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JDK", ex);
		}
	}

}
