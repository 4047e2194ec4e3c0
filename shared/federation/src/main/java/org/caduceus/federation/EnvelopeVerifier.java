package org.caduceus.federation;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a signed request in two phases, so that nothing reads the body of a request its
 * sender did not sign. {@link #verifyHeaders} needs the headers only: the signature
 * parameters, the time window, the sender's key and the Ed25519 signature over the
 * signature base (which covers {@code Content-Digest} as a header value).
 * {@link #verifyBody} then checks the body against that digest and last (so that unsigned
 * traffic cannot fill it) that the nonce was never seen. An unknown key id and a
 * signature that does not verify are refused alike, so that a caller cannot learn which
 * peers this node knows; the difference goes to the log only.
 */
public final class EnvelopeVerifier {

	/** Requests whose {@code created} is further than this from now are refused. */
	public static final Duration MAX_SKEW = Duration.ofMinutes(5);

	/** The longest a signature may be valid ({@code expires - created}). */
	public static final Duration MAX_VALIDITY = Duration.ofMinutes(5);

	/** Finds the public key of a peer node by its id. */
	@FunctionalInterface
	public interface KeyResolver {

		Optional<PublicKey> key(String keyId);

	}

	/** Remembers nonces until their signature expires. */
	@FunctionalInterface
	public interface NonceStore {

		/**
		 * @return true the first time this nonce is seen from this sender, false after
		 */
		boolean firstUse(String keyId, String nonce, Instant expiresAt);

	}

	/**
	 * A request whose signature holds.
	 *
	 * @param keyId the sender's node id
	 * @param created when it was signed
	 * @param nonce its nonce
	 */
	public record Verified(String keyId, Instant created, String nonce) {
	}

	/**
	 * A request whose signed headers hold; its body is not checked yet.
	 *
	 * @param keyId the sender's node id
	 * @param created when it was signed
	 * @param expires when the signature expires
	 * @param nonce its nonce
	 * @param contentDigest the signed {@code Content-Digest} the body must match
	 */
	public record SignedHeaders(String keyId, Instant created, Instant expires, String nonce, String contentDigest) {
	}

	/** The answer for an unknown key id and for a signature that does not verify. */
	static final String NOT_VERIFIED = "the signature does not verify";

	private static final System.Logger log = System.getLogger(EnvelopeVerifier.class.getName());

	/** Verified against when the key id is unknown, so both refusals cost the same. */
	private static final PublicKey NOBODY = NodeKey.generate().publicKey();

	private final KeyResolver keys;

	private final NonceStore nonces;

	private final Clock clock;

	public EnvelopeVerifier(KeyResolver keys, NonceStore nonces, Clock clock) {
		this.keys = keys;
		this.nonces = nonces;
		this.clock = clock;
	}

	/**
	 * Both phases at once.
	 * @param headers request headers by name (any case)
	 * @throws SignatureRejected naming why
	 */
	public Verified verify(String method, URI target, Map<String, List<String>> headers, byte[] body) {
		return verifyBody(verifyHeaders(method, target, headers), body);
	}

	/**
	 * The phase that needs no body: everything but the digest and the nonce.
	 * @param headers request headers by name (any case)
	 * @throws SignatureRejected naming why
	 */
	public SignedHeaders verifyHeaders(String method, URI target, Map<String, List<String>> headers) {
		Map<String, List<String>> lower = lowerCase(headers);
		String input = single(lower, "signature-input");
		String signature = single(lower, "signature");
		StructuredFields.Item params = StructuredFields.parseDictionary(input).get(EnvelopeSigner.LABEL);
		StructuredFields.Item value = StructuredFields.parseDictionary(signature).get(EnvelopeSigner.LABEL);
		if (params == null || value == null || !(value.value() instanceof byte[] signatureBytes)) {
			throw SignatureRejected.unauthenticated("unsigned", "no signature labelled '" + EnvelopeSigner.LABEL + "'");
		}
		List<String> components = new ArrayList<>();
		for (StructuredFields.Item item : params.list()) {
			if (!(item.value() instanceof String component) || !item.parameters().isEmpty()) {
				throw SignatureRejected.malformed("covered components must be plain strings");
			}
			components.add(component);
		}
		if (!components.containsAll(EnvelopeSigner.COVERED)) {
			throw SignatureRejected.unauthenticated("insufficient-coverage",
					"the signature must cover " + EnvelopeSigner.COVERED + ", it covers " + components);
		}
		long created = number(params, "created");
		long expires = number(params, "expires");
		String nonce = text(params, "nonce");
		String keyId = text(params, "keyid");
		Object alg = params.parameters().get("alg");
		if (alg != null && !"ed25519".equals(alg)) {
			throw SignatureRejected.unauthenticated("unsupported-algorithm", "only ed25519 signatures are accepted");
		}
		Instant now = this.clock.instant();
		Instant createdAt = Instant.ofEpochSecond(created);
		if (Duration.between(createdAt, now).abs().compareTo(MAX_SKEW) > 0) {
			throw SignatureRejected.unauthenticated("clock-skew", "created " + createdAt + " is more than "
					+ MAX_SKEW.toMinutes() + " minutes from now (" + now + ")");
		}
		if (expires <= created || expires - created > MAX_VALIDITY.toSeconds()) {
			throw SignatureRejected.unauthenticated("invalid-expiry",
					"expires must follow created by at most " + MAX_VALIDITY.toSeconds() + " s");
		}
		if (Instant.ofEpochSecond(expires).isBefore(now)) {
			throw SignatureRejected.unauthenticated("expired",
					"the signature expired at " + Instant.ofEpochSecond(expires));
		}
		Optional<PublicKey> key = this.keys.key(keyId);
		String serialised = input.substring(input.indexOf('=') + 1).strip();
		String base = SignatureBase.of(method, target, lower, components, serialised);
		boolean verifies = verifies(key.orElse(NOBODY), base, signatureBytes);
		if (key.isEmpty() || !verifies) {
			log.log(System.Logger.Level.INFO, "signature refused: {0}", key.isEmpty()
					? "no peer with key id '" + keyId + "'" : "the signature does not verify with the key of " + keyId);
			throw SignatureRejected.unauthenticated("bad-signature", NOT_VERIFIED);
		}
		return new SignedHeaders(keyId, createdAt, Instant.ofEpochSecond(expires), nonce,
				single(lower, "content-digest"));
	}

	/**
	 * The phase that reads the body, after {@link #verifyHeaders}: the body matches the
	 * signed digest, and the nonce is used for the first time.
	 * @throws SignatureRejected naming why
	 */
	public Verified verifyBody(SignedHeaders signed, byte[] body) {
		if (!ContentDigest.matches(signed.contentDigest(), body)) {
			throw SignatureRejected.unauthenticated("digest-mismatch", "the body does not match its Content-Digest");
		}
		if (!this.nonces.firstUse(signed.keyId(), signed.nonce(), signed.expires())) {
			throw SignatureRejected.unauthenticated("replayed-nonce", "this request was already received");
		}
		return new Verified(signed.keyId(), signed.created(), signed.nonce());
	}

	static boolean verifies(PublicKey key, String base, byte[] signatureBytes) {
		try {
			Signature verifier = Signature.getInstance("Ed25519");
			verifier.initVerify(key);
			verifier.update(base.getBytes(StandardCharsets.US_ASCII));
			return verifier.verify(signatureBytes);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			return false;
		}
	}

	private static long number(StructuredFields.Item params, String name) {
		if (!(params.parameters().get(name) instanceof Long value)) {
			throw SignatureRejected.unauthenticated("missing-parameter", "the signature has no integer '" + name + "'");
		}
		return value;
	}

	private static String text(StructuredFields.Item params, String name) {
		if (!(params.parameters().get(name) instanceof String value) || value.isBlank()) {
			throw SignatureRejected.unauthenticated("missing-parameter", "the signature has no '" + name + "'");
		}
		return value;
	}

	private static String single(Map<String, List<String>> headers, String name) {
		List<String> values = headers.get(name);
		if (values == null || values.isEmpty()) {
			throw SignatureRejected.unauthenticated("unsigned", "the request has no " + name + " header");
		}
		return String.join(", ", values);
	}

	private static Map<String, List<String>> lowerCase(Map<String, List<String>> headers) {
		Map<String, List<String>> lower = new LinkedHashMap<>();
		headers.forEach((name, values) -> lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), (k) -> new ArrayList<>())
			.addAll(values));
		return lower;
	}

}
