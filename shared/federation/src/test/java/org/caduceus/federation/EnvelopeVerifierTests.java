package org.caduceus.federation;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One test per attack: each is refused with its reason, before the body is used. */
class EnvelopeVerifierTests {

	static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

	static final URI TARGET = URI.create("https://de-bsi.example/federation/v1/escalations");

	static final byte[] BODY = "{\"escalationId\":\"e-1\"}".getBytes(StandardCharsets.UTF_8);

	final KeyPair nl = ed25519();

	final KeyPair de = ed25519();

	final Set<String> seenNonces = new HashSet<>();

	final EnvelopeVerifier verifier = new EnvelopeVerifier(
			(keyId) -> Optional.ofNullable(Map.<String, PublicKey>of("nl-z-cert", this.nl.getPublic()).get(keyId)),
			(keyId, nonce, expires) -> this.seenNonces.add(keyId + "/" + nonce), Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void acceptsARequestSignedByAKnownPeer() {
		EnvelopeVerifier.Verified verified = this.verifier.verify("POST", TARGET, signed(), BODY);
		assertThat(verified.keyId()).isEqualTo("nl-z-cert");
		assertThat(verified.created()).isEqualTo(NOW);
	}

	@Test
	void refusesAnUnsignedRequest() {
		refused(Map.of("content-type", List.of("application/json")), BODY, "unsigned");
	}

	@Test
	void refusesAnUnknownKeyIdExactlyAsASignatureThatDoesNotVerify() {
		SignatureRejected unknown = rejection(sign(EnvelopeSigner.ed25519("xx-unknown", this.nl.getPrivate(), at(NOW))),
				BODY);
		SignatureRejected wrongKey = rejection(sign(EnvelopeSigner.ed25519("nl-z-cert", this.de.getPrivate(), at(NOW))),
				BODY);
		assertThat(unknown.status()).isEqualTo(401).isEqualTo(wrongKey.status());
		assertThat(unknown.reason()).isEqualTo("bad-signature").isEqualTo(wrongKey.reason());
		assertThat(unknown.getMessage()).isEqualTo(wrongKey.getMessage()).doesNotContain("xx-unknown", "nl-z-cert");
		assertThat(this.seenNonces).isEmpty();
	}

	@Test
	void verifiesTheSignedHeadersWithoutTheBodyAndTheBodyAfter() {
		EnvelopeVerifier.SignedHeaders headers = this.verifier.verifyHeaders("POST", TARGET, signed());
		assertThat(headers.keyId()).isEqualTo("nl-z-cert");
		assertThat(headers.expires()).isAfter(NOW);
		assertThat(this.seenNonces).isEmpty();
		assertThatThrownBy(() -> this.verifier.verifyBody(headers, "{}".getBytes(StandardCharsets.UTF_8)))
			.extracting((ex) -> ((SignatureRejected) ex).reason())
			.isEqualTo("digest-mismatch");
		assertThat(this.seenNonces).isEmpty();
		assertThat(this.verifier.verifyBody(headers, BODY).keyId()).isEqualTo("nl-z-cert");
		assertThat(this.seenNonces).hasSize(1);
		// a forged signature is refused on its headers alone: its body need never be read
		assertThatThrownBy(() -> this.verifier.verifyHeaders("POST", TARGET,
				sign(EnvelopeSigner.ed25519("nl-z-cert", this.de.getPrivate(), at(NOW)))))
			.extracting((ex) -> ((SignatureRejected) ex).reason())
			.isEqualTo("bad-signature");
	}

	@Test
	void refusesTheWrongKey() {
		refused(sign(EnvelopeSigner.ed25519("nl-z-cert", this.de.getPrivate(), at(NOW))), BODY, "bad-signature");
	}

	@Test
	void refusesATamperedBody() {
		byte[] tampered = "{\"escalationId\":\"e-2\"}".getBytes(StandardCharsets.UTF_8);
		refused(signed(), tampered, "digest-mismatch");
	}

	@Test
	void refusesATamperedSignedHeaderOrTarget() {
		Map<String, List<String>> headers = signed();
		headers.put("Content-Digest", List.of(ContentDigest.sha256("{}".getBytes(StandardCharsets.UTF_8))));
		refused(headers, BODY, "bad-signature");
		assertThatThrownBy(() -> this.verifier.verify("DELETE", TARGET, signed(), BODY))
			.isInstanceOf(SignatureRejected.class)
			.extracting((ex) -> ((SignatureRejected) ex).reason())
			.isEqualTo("bad-signature");
		assertThatThrownBy(() -> this.verifier.verify("POST", URI.create("https://de-bsi.example/federation/v1/other"),
				signed(), BODY))
			.extracting((ex) -> ((SignatureRejected) ex).reason())
			.isEqualTo("bad-signature");
	}

	@Test
	void refusesAReplayedNonce() {
		Map<String, List<String>> headers = signed();
		this.verifier.verify("POST", TARGET, headers, BODY);
		refused(headers, BODY, "replayed-nonce");
	}

	@Test
	void refusesAnExpiredOrFutureCreated() {
		refused(sign(EnvelopeSigner.ed25519("nl-z-cert", this.nl.getPrivate(), at(NOW.minus(Duration.ofMinutes(6))))),
				BODY, "clock-skew");
		refused(sign(EnvelopeSigner.ed25519("nl-z-cert", this.nl.getPrivate(), at(NOW.plus(Duration.ofMinutes(6))))),
				BODY, "clock-skew");
		refused(sign(EnvelopeSigner.ed25519("nl-z-cert", this.nl.getPrivate(), at(NOW.minus(Duration.ofSeconds(150))))),
				BODY, "expired");
	}

	@Test
	void refusesASignatureThatDoesNotCoverTheDigest() {
		Map<String, List<String>> headers = signed();
		headers.put("Signature-Input",
				List.of(headers.get("Signature-Input").get(0).replace(" \"content-digest\"", "")));
		refused(headers, BODY, "insufficient-coverage");
	}

	@Test
	void refusesMalformedSignatureHeadersAsBadRequests() {
		Map<String, List<String>> headers = signed();
		headers.put("Signature", List.of("caduceus=:not base64!:"));
		assertThatThrownBy(() -> this.verifier.verify("POST", TARGET, headers, BODY))
			.isInstanceOf(SignatureRejected.class)
			.extracting((ex) -> ((SignatureRejected) ex).status())
			.isEqualTo(400);
	}

	@Test
	void offersNoWeakAlgorithm() throws Exception {
		KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
		rsa.initialize(2048);
		assertThatThrownBy(() -> EnvelopeSigner.ed25519("nl", rsa.generateKeyPair().getPrivate(), at(NOW)))
			.isInstanceOf(IllegalArgumentException.class);
		Map<String, List<String>> headers = signed();
		headers.put("Signature-Input",
				List.of(headers.get("Signature-Input").get(0).replace("alg=\"ed25519\"", "alg=\"hmac-sha256\"")));
		refused(headers, BODY, "unsupported-algorithm");
	}

	private void refused(Map<String, List<String>> headers, byte[] body, String reason) {
		int nonces = this.seenNonces.size();
		assertThatThrownBy(() -> this.verifier.verify("POST", TARGET, headers, body))
			.isInstanceOf(SignatureRejected.class)
			.extracting((ex) -> ((SignatureRejected) ex).reason())
			.isEqualTo(reason);
		if (!reason.equals("replayed-nonce")) {
			// nothing is remembered from a refused request
			assertThat(this.seenNonces).hasSize(nonces);
		}
	}

	private SignatureRejected rejection(Map<String, List<String>> headers, byte[] body) {
		try {
			this.verifier.verify("POST", TARGET, headers, body);
		}
		catch (SignatureRejected ex) {
			return ex;
		}
		throw new AssertionError("accepted");
	}

	private Map<String, List<String>> signed() {
		return sign(EnvelopeSigner.ed25519("nl-z-cert", this.nl.getPrivate(), at(NOW)));
	}

	private static Map<String, List<String>> sign(EnvelopeSigner signer) {
		Map<String, List<String>> headers = new HashMap<>();
		signer.sign("POST", TARGET, BODY).forEach((name, value) -> headers.put(name, List.of(value)));
		headers.put("Content-Type", List.of("application/json"));
		return headers;
	}

	private static Clock at(Instant instant) {
		return Clock.fixed(instant, ZoneOffset.UTC);
	}

	private static KeyPair ed25519() {
		try {
			return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
