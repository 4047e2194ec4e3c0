package org.caduceus.federation;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signs requests that leave a node. Always Ed25519; always covers the method, the target
 * URI and a sha-256 content digest of the body, with {@code created}, {@code expires}, a
 * random {@code nonce} and {@code keyid} = this node's id. There is nothing to choose, so
 * nothing weak can be chosen.
 */
public final class EnvelopeSigner {

	/** The components every Caduceus envelope signature covers. */
	public static final List<String> COVERED = List.of("@method", "@target-uri", "content-digest");

	/** The label of the signature in {@code Signature-Input} and {@code Signature}. */
	public static final String LABEL = "caduceus";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final String keyId;

	private final PrivateKey key;

	private final Clock clock;

	private final Duration validity;

	private EnvelopeSigner(String keyId, PrivateKey key, Clock clock, Duration validity) {
		if (!"Ed25519".equals(key.getAlgorithm()) && !"EdDSA".equals(key.getAlgorithm())) {
			throw new IllegalArgumentException("envelopes are signed with Ed25519 only, not " + key.getAlgorithm());
		}
		if (validity.isNegative() || validity.isZero() || validity.compareTo(EnvelopeVerifier.MAX_VALIDITY) > 0) {
			throw new IllegalArgumentException("validity must be between 1 s and " + EnvelopeVerifier.MAX_VALIDITY);
		}
		this.keyId = keyId;
		this.key = key;
		this.clock = clock;
		this.validity = validity;
	}

	/**
	 * @param nodeId this node's id, sent as {@code keyid}
	 * @param key the node's Ed25519 private key
	 * @param clock the clock for {@code created} and {@code expires}
	 */
	public static EnvelopeSigner ed25519(String nodeId, PrivateKey key, Clock clock) {
		return new EnvelopeSigner(nodeId, key, clock, Duration.ofMinutes(2));
	}

	/**
	 * @return the headers to add to the request: {@code Content-Digest},
	 * {@code Signature-Input} and {@code Signature}
	 */
	public Map<String, String> sign(String method, URI target, byte[] body) {
		String digest = ContentDigest.sha256(body);
		long created = this.clock.instant().getEpochSecond();
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("created", created);
		parameters.put("expires", created + this.validity.toSeconds());
		parameters.put("nonce", nonce());
		parameters.put("keyid", this.keyId);
		parameters.put("alg", "ed25519");
		String signatureParams = StructuredFields.innerList(COVERED, parameters);
		String base = SignatureBase.of(method, target, Map.of("content-digest", List.of(digest)), COVERED,
				signatureParams);
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Digest", digest);
		headers.put("Signature-Input", LABEL + "=" + signatureParams);
		headers.put("Signature", LABEL + "=:" + Base64.getEncoder().encodeToString(sign(this.key, base)) + ":");
		return headers;
	}

	static byte[] sign(PrivateKey key, String base) {
		try {
			Signature signature = Signature.getInstance("Ed25519");
			signature.initSign(key);
			signature.update(base.getBytes(StandardCharsets.US_ASCII));
			return signature.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Ed25519 signing failed", ex);
		}
	}

	private static String nonce() {
		byte[] bytes = new byte[18];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
