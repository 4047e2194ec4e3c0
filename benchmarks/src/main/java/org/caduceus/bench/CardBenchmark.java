package org.caduceus.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.caduceus.openpgp.CardSealer;
import org.caduceus.openpgp.TeamKey;

/**
 * Sealing a contact card (sign + encrypt to five recipients) and opening it (decrypt +
 * verify) in-process, beside the same two operations with the {@code gpg} command line on
 * the same machine and the same keys: what a team without Caduceus pays per card.
 */
final class CardBenchmark {

	private static final char[] PASSPHRASE = "benchmark".toCharArray();

	private CardBenchmark() {
	}

	static void run(int seconds) throws IOException, InterruptedException {
		// a card about the size of a real one: a dozen on-call people
		String person = "{\"name\":\"On Call\",\"phone\":\"+31 6 5555 0100\",\"hours\":\"Mon-Fri 18:00-08:00\"}";
		byte[] card = ("{\"format\":\"caduceus-card/1\",\"from\":\"nl-z-cert\",\"cardVersion\":7,"
				+ "\"confidential\":{\"phone24x7\":\"+31 70 555 0100\",\"onCall\":["
				+ String.join(",", java.util.Collections.nCopies(12, person)) + "]}}")
			.getBytes(StandardCharsets.UTF_8);
		TeamKey sender = TeamKey.generate("NL CERT <cert@nl.example>", PASSPHRASE);
		List<TeamKey> recipients = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			recipients.add(TeamKey.generate("Partner " + i + " <cert@p" + i + ".example>", PASSPHRASE));
		}
		List<PGPPublicKeyRing> rings = recipients.stream().map(TeamKey::publicRing).toList();
		long deadline = System.nanoTime() + seconds * 1_000_000_000L / 2;
		List<Long> seal = new ArrayList<>();
		String sealed = null;
		while (System.nanoTime() < deadline) {
			long start = System.nanoTime();
			sealed = CardSealer.seal(card, "card.json", sender, rings);
			seal.add(System.nanoTime() - start);
		}
		deadline = System.nanoTime() + seconds * 1_000_000_000L / 2;
		List<Long> open = new ArrayList<>();
		while (System.nanoTime() < deadline) {
			long start = System.nanoTime();
			CardSealer.open(sealed, recipients.get(0), sender.publicRing());
			open.add(System.nanoTime() - start);
		}
		report("caduceus seal (sign + encrypt to 5)", seal);
		report("caduceus open (decrypt + verify)", open);
		Path home = Files.createTempDirectory(Path.of("/tmp"), "gpgbench");
		try {
			gpg(home, sender.secretKeyArmored(), "--passphrase", new String(PASSPHRASE), "--import");
			gpg(home, recipients.get(0).secretKeyArmored(), "--passphrase", new String(PASSPHRASE), "--import");
			for (TeamKey recipient : recipients) {
				gpg(home, recipient.publicKeyArmored(), "--import");
			}
			Path file = home.resolve("card.json");
			Files.write(file, card);
			List<String> sealArgs = new ArrayList<>(List.of("--passphrase", new String(PASSPHRASE), "--trust-model",
					"always", "--armor", "--local-user", sender.fingerprint()));
			for (TeamKey recipient : recipients) {
				sealArgs.addAll(List.of("--recipient", recipient.fingerprint()));
			}
			sealArgs.addAll(List.of("--sign", "--encrypt", "--output", "-", file.toString()));
			List<Long> gpgSeal = new ArrayList<>();
			String gpgSealed = null;
			for (int i = 0; i < 20; i++) {
				long start = System.nanoTime();
				gpgSealed = gpg(home, "", sealArgs.toArray(String[]::new));
				gpgSeal.add(System.nanoTime() - start);
			}
			List<Long> gpgOpen = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				long start = System.nanoTime();
				gpg(home, sealed, "--passphrase", new String(PASSPHRASE), "--decrypt");
				gpgOpen.add(System.nanoTime() - start);
			}
			report("gpg seal (same keys, same card)", gpgSeal);
			report("gpg open", gpgOpen);
			System.out.printf(Locale.ROOT,
					"RESULT cards: seal %.0f /s (p99 %.1f ms, goal <= 20 ms) vs gpg %.0f /s: ratio %.1f; open %.0f /s vs gpg %.0f /s: ratio %.1f (goal >= 10)%n",
					perSecond(seal), quantile(seal, 0.99), perSecond(gpgSeal), perSecond(seal) / perSecond(gpgSeal),
					perSecond(open), perSecond(gpgOpen), perSecond(open) / perSecond(gpgOpen));
			if (gpgSealed == null || gpgSealed.isBlank()) {
				throw new IllegalStateException("gpg sealed nothing");
			}
		}
		finally {
			new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "gpg-agent").start().waitFor();
			try (var paths = Files.walk(home)) {
				paths.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
		}
	}

	private static String gpg(Path home, String stdin, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch", "--yes",
				"--no-tty", "--quiet", "--pinentry-mode", "loopback"));
		command.addAll(Arrays.asList(args));
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
		process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
		process.getOutputStream().close();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException("gpg " + String.join(" ", args) + " failed");
		}
		return out;
	}

	private static void report(String name, List<Long> nanos) {
		System.out.printf(Locale.ROOT, "%-38s %6d ops %8.1f /s  p50 %7.2f ms  p99 %7.2f ms%n", name, nanos.size(),
				perSecond(nanos), quantile(nanos, 0.5), quantile(nanos, 0.99));
	}

	private static double perSecond(List<Long> nanos) {
		return nanos.size() / (nanos.stream().mapToLong(Long::longValue).sum() / 1e9);
	}

	private static double quantile(List<Long> nanos, double q) {
		long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
		return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] / 1e6;
	}

}
