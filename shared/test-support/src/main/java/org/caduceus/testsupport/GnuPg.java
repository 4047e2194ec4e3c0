package org.caduceus.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code gpg} binary in a home folder of its own, for interoperability tests.
 */
public final class GnuPg implements AutoCloseable {

	/** What gpg answered. */
	public record Result(int exit, String out, String err) {
	}

	private final Path home;

	public GnuPg() throws IOException {
		// short path: gpg-agent's socket name has a length limit
		this.home = Files.createTempDirectory(Path.of("/tmp"), "gpg");
		Files.setPosixFilePermissions(this.home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
	}

	/**
	 * @return whether a {@code gpg} binary runs here
	 */
	public static boolean available() {
		try {
			return new ProcessBuilder("gpg", "--version").start().waitFor() == 0;
		}
		catch (IOException | InterruptedException ex) {
			return false;
		}
	}

	/** Runs gpg in this home with {@code args}, feeding {@code stdin}. */
	public Result run(String stdin, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("gpg", "--homedir", this.home.toString(), "--batch", "--yes",
				"--no-tty", "--pinentry-mode", "loopback"));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).start();
		process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
		process.getOutputStream().close();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor(60, TimeUnit.SECONDS);
		return new Result(process.exitValue(), out, err);
	}

	/**
	 * Makes a team key the way a CERT without a node would: an Ed25519 signing key with a
	 * Cv25519 encryption subkey, no passphrase.
	 * @return its fingerprint
	 */
	public String generateTeamKey(String userId) throws IOException, InterruptedException {
		if (run("", "--passphrase", "", "--quick-gen-key", userId, "ed25519", "sign", "0").exit() != 0) {
			throw new IllegalStateException("gpg could not make a key for " + userId);
		}
		String fingerprint = run("", "--with-colons", "--list-keys", userId).out()
			.lines()
			.filter((line) -> line.startsWith("fpr:"))
			.findFirst()
			.orElseThrow()
			.split(":")[9];
		if (run("", "--passphrase", "", "--quick-add-key", fingerprint, "cv25519", "encr", "0").exit() != 0) {
			throw new IllegalStateException("gpg could not add an encryption subkey to " + fingerprint);
		}
		return fingerprint;
	}

	public Path home() {
		return this.home;
	}

	@Override
	public void close() throws IOException, InterruptedException {
		new ProcessBuilder("gpgconf", "--homedir", this.home.toString(), "--kill", "gpg-agent").start().waitFor();
		try (var paths = Files.walk(this.home)) {
			paths.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
	}

}
