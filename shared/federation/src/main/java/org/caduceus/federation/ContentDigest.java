package org.caduceus.federation;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * RFC 9530 {@code Content-Digest}: {@code sha-256=:<base64>:}. Signing always uses
 * sha-256; verification also accepts sha-512, and refuses anything weaker.
 */
public final class ContentDigest {

	private static final Map<String, String> ALGORITHMS = Map.of("sha-256", "SHA-256", "sha-512", "SHA-512");

	private ContentDigest() {
	}

	/**
	 * @return the header value for {@code body}
	 */
	public static String sha256(byte[] body) {
		return "sha-256=:" + Base64.getEncoder().encodeToString(hash("SHA-256", body)) + ":";
	}

	/**
	 * @return true when {@code header} holds a sha-256 or sha-512 digest equal to the
	 * digest of {@code body}; every digest it names must match
	 * @throws SignatureRejected when the header is malformed or names no accepted
	 * algorithm
	 */
	public static boolean matches(String header, byte[] body) {
		Map<String, StructuredFields.Item> members = StructuredFields.parseDictionary(header);
		boolean any = false;
		for (Map.Entry<String, StructuredFields.Item> member : members.entrySet()) {
			String algorithm = ALGORITHMS.get(member.getKey().toLowerCase(Locale.ROOT));
			if (algorithm == null) {
				continue;
			}
			if (!(member.getValue().value() instanceof byte[] expected)) {
				throw SignatureRejected.malformed("Content-Digest member is not a byte sequence");
			}
			if (!MessageDigest.isEqual(expected, hash(algorithm, body))) {
				return false;
			}
			any = true;
		}
		if (!any) {
			throw SignatureRejected.malformed("Content-Digest has no sha-256 or sha-512 value");
		}
		return true;
	}

	private static byte[] hash(String algorithm, byte[] body) {
		try {
			return MessageDigest.getInstance(algorithm).digest(body);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
