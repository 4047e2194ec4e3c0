package org.caduceus.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The jars a deployable runs with on its own, as its build listed them inside it
 * ({@code META-INF/caduceus/deployables/<artifact>.classpath}, written by the parent
 * pom's {@code deployable-classpath} execution), plus its own jar. In the node's one
 * classpath, a class belongs to the deployable when the jar it is loaded from is one of
 * these.
 *
 * @param artifact the deployable's artifact id, e.g. {@code caduceus-intake}
 * @param jars the file names of its jars, as Spring Boot names them in
 * {@code BOOT-INF/lib}
 */
record DeployableJars(String artifact, Set<String> jars) {

	static final String LIST = "META-INF/caduceus/deployables/";

	DeployableJars {
		jars = Set.copyOf(jars);
	}

	/**
	 * Reads the list the deployable carries.
	 * @throws IllegalStateException when no jar on the class path carries it: a
	 * deployable not built with the list would be auto-configured from everything
	 */
	static DeployableJars of(String artifact, ClassLoader loader) {
		String resource = LIST + artifact + ".classpath";
		URL list = loader.getResource(resource);
		if (list == null) {
			throw new IllegalStateException("no " + resource + " on the class path: " + artifact
					+ " was built without the list of its jars (the parent pom's deployable-classpath execution)");
		}
		Set<String> jars = new HashSet<>();
		try (InputStream in = list.openStream()) {
			String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
			// lib/name.jar:lib/other.jar, as the dependency plugin writes a class path
			Arrays.stream(text.split("[:\\s]+"))
				.filter((entry) -> !entry.isBlank())
				.map((entry) -> entry.substring(entry.lastIndexOf('/') + 1))
				.forEach(jars::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not read " + list, ex);
		}
		jarOf(list).ifPresent(jars::add);
		return new DeployableJars(artifact, jars);
	}

	/** Whether the class named is loaded from one of the deployable's jars. */
	boolean holds(String className, ClassLoader loader) {
		return jarOfClass(className, loader).map(this.jars::contains).orElse(false);
	}

	/**
	 * The file name of the jar the class named is loaded from; empty for a class not on
	 * the class path or in a directory.
	 */
	static Optional<String> jarOfClass(String className, ClassLoader loader) {
		URL url = loader.getResource(className.replace('.', '/') + ".class");
		return (url != null) ? jarOf(url) : Optional.empty();
	}

	/**
	 * The file name of the innermost jar a resource is read from:
	 * {@code jar:nested:/n.jar/!BOOT-INF/lib/x-1.jar!/a/B.class} and
	 * {@code jar:file:/m2/x-1.jar!/a/B.class} are both in {@code x-1.jar}. Empty for a
	 * resource in a directory.
	 */
	static Optional<String> jarOf(URL url) {
		return jarOf(url.toString());
	}

	static Optional<String> jarOf(@Nullable String url) {
		if (url == null) {
			return Optional.empty();
		}
		int entry = url.lastIndexOf("!/");
		if (entry < 0) {
			return Optional.empty();
		}
		String jar = url.substring(0, entry);
		String name = jar.substring(jar.lastIndexOf('/') + 1);
		return name.endsWith(".jar") ? Optional.of(name) : Optional.empty();
	}

}
