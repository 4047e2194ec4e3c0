package org.caduceus.federation;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any Signature-Input, Signature and Content-Digest headers (RFC 9421, RFC 8941
 * structured fields, RFC 9530) and any body are refused with a named reason, never with
 * another exception. Accepting one would need a forged Ed25519 signature: that is a
 * finding too. The harness runs the header phase and then, only if it holds, the body
 * phase, as the gateway does.
 */
class EnvelopeVerifierFuzzTests {

	static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

	static final URI TARGET = URI.create("https://de-bsi.example/federation/v1/escalations");

	static final PublicKey PEER = ed25519().getPublic();

	static final EnvelopeVerifier VERIFIER = new EnvelopeVerifier(
			(keyId) -> "nl-z-cert".equals(keyId) ? Optional.of(PEER) : Optional.empty(),
			(keyId, nonce, expires) -> true, Clock.fixed(NOW, ZoneOffset.UTC));

	@FuzzTest(maxDuration = "10s")
	@DictionaryEntries({ "caduceus=", "(\"@method\" \"@target-uri\" \"content-digest\")", ";created=", ";expires=",
			";nonce=\"", ";keyid=\"nl-z-cert\"", ";alg=\"ed25519\"", "1763899200", "1763899500", "sha-256=:", ":", "\"",
			";", ",", "?1", "*" })
	void anyHeadersAreRefusedWithAReason(FuzzedDataProvider data) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		headers.put("Signature-Input", List.of(data.consumeString(400)));
		headers.put("Signature", List.of(data.consumeString(200)));
		headers.put("Content-Digest", List.of(data.consumeString(100)));
		String method = data.pickValue(new String[] { "POST", "GET", "PUT" });
		byte[] body = data.consumeRemainingAsString().getBytes(StandardCharsets.UTF_8);
		// the two phases as the gateway runs them: the headers, and only if they hold the
		// body
		try {
			EnvelopeVerifier.SignedHeaders signed = VERIFIER.verifyHeaders(method, TARGET, headers);
			VERIFIER.verifyBody(signed, body);
			throw new AssertionError("accepted a request the peer did not sign");
		}
		catch (SignatureRejected refused) {
			assertThat(refused.getMessage()).isNotBlank();
		}
	}

	private static KeyPair ed25519() {
		try {
			return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
