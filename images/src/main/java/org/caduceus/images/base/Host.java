package org.caduceus.images.base;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The build machine's tools the base is made with: the JDK's {@code jlink}, {@code ldd}
 * and Debian's package database ({@code dpkg-query}).
 */
public final class Host {

	private final Path javaHome;

	public Host(Path javaHome) {
		this.javaHome = javaHome;
	}

	/**
	 * @return why the base cannot be made on this machine, or empty when it can
	 */
	public Optional<String> missing() {
		if (!System.getProperty("os.name", "").equals("Linux")) {
			return Optional.of("not Linux (" + System.getProperty("os.name") + "): the base is made from this machine's"
					+ " Debian packages");
		}
		if (!Files.isExecutable(jlink())) {
			return Optional.of("no jlink in " + this.javaHome + " (a JDK, not a JRE, makes the runtime)");
		}
		for (String tool : List.of("ldd", "dpkg-query")) {
			if (which(tool).isEmpty()) {
				return Optional
					.of("no " + tool + " on the PATH: the base is assembled from the installed Debian packages"
							+ " (ldd finds the libraries the runtime needs, dpkg-query their packages)");
			}
		}
		return Optional.empty();
	}

	Path jlink() {
		return this.javaHome.resolve("bin/jlink");
	}

	Path javaHome() {
		return this.javaHome;
	}

	static Optional<Path> which(String tool) {
		for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
			Path candidate = Path.of(dir.isEmpty() ? "." : dir, tool);
			if (Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	/** Runs {@code command}, failing with its output unless it exits 0. */
	static String run(List<String> command) throws IOException {
		Result result = attempt(command);
		if (result.exit() != 0) {
			throw new IOException(String.join(" ", command) + " exited " + result.exit() + ": " + result.output());
		}
		return result.output();
	}

	static Result attempt(List<String> command) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
		builder.environment().put("LC_ALL", "C");
		Process process = builder.start();
		process.getOutputStream().close();
		byte[] output = process.getInputStream().readAllBytes();
		try {
			if (!process.waitFor(10, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new IOException(String.join(" ", command) + " did not end in 10 minutes");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
			throw new IOException("interrupted while running " + command.get(0), ex);
		}
		return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
	}

	record Result(int exit, String output) {
	}

}
