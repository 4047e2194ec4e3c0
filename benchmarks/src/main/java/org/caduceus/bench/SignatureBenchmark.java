package org.caduceus.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.caduceus.federation.EnvelopeSigner;
import org.caduceus.federation.EnvelopeVerifier;

/**
 * Envelope signing plus verification per request (digest, signature base, structured
 * headers, parameter checks, nonce bookkeeping) against a bare Ed25519 sign + verify loop
 * over a base of the same size, in the same run.
 */
final class SignatureBenchmark {

	private SignatureBenchmark() {
	}

	static void run(int seconds) throws GeneralSecurityException {
		KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		URI target = URI.create("https://de-bsi.example/federation/v1/escalations");
		byte[] body = ("{\"escalationId\":\"" + "x".repeat(1500) + "\"}").getBytes(StandardCharsets.UTF_8);
		EnvelopeSigner signer = EnvelopeSigner.ed25519("nl-z-cert", pair.getPrivate(), Clock.systemUTC());
		EnvelopeVerifier verifier = new EnvelopeVerifier((keyId) -> Optional.of(pair.getPublic()),
				(keyId, nonce, expires) -> true, Clock.systemUTC());
		byte[] base = ("\"@method\": POST\n\"@target-uri\": " + target + "\n\"content-digest\": sha-256=:"
				+ "x".repeat(44) + ":\n\"@signature-params\": " + "x".repeat(150))
			.getBytes(StandardCharsets.US_ASCII);
		Signature sign = Signature.getInstance("Ed25519");
		Signature verify = Signature.getInstance("Ed25519");
		Runnable raw = () -> {
			try {
				sign.initSign(pair.getPrivate());
				sign.update(base);
				byte[] value = sign.sign();
				verify.initVerify(pair.getPublic());
				verify.update(base);
				if (!verify.verify(value)) {
					throw new IllegalStateException("raw verify failed");
				}
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		};
		Runnable envelope = () -> {
			Map<String, List<String>> headers = new HashMap<>();
			signer.sign("POST", target, body).forEach((name, value) -> headers.put(name, List.of(value)));
			verifier.verify("POST", target, headers, body);
		};
		System.out.printf(Locale.ROOT, "signatures: %d s each, one thread, 1.5 KB body%n", seconds);
		loop(raw, 2);
		loop(envelope, 2);
		double rawRate = loop(raw, seconds);
		double envelopeRate = loop(envelope, seconds);
		System.out.printf(Locale.ROOT, "  raw Ed25519 sign+verify      %9.0f /s%n", rawRate);
		System.out.printf(Locale.ROOT, "  envelope sign+verify         %9.0f /s%n", envelopeRate);
		System.out.printf(Locale.ROOT, "RESULT envelope/raw ratio %.2f (goal >= 0.5)%n", envelopeRate / rawRate);
	}

	private static double loop(Runnable operation, int seconds) {
		long end = System.nanoTime() + seconds * 1_000_000_000L;
		long start = System.nanoTime();
		long count = 0;
		while (System.nanoTime() < end) {
			operation.run();
			count++;
		}
		return count / ((System.nanoTime() - start) / 1e9);
	}

}
