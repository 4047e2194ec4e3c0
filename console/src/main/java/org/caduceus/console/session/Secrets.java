package org.caduceus.console.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The console's random secrets (session cookies, CSRF tokens, an OpenID Connect sign-in's
 * cookie, state, nonce and PKCE verifier) and the digest the store keeps of a secret in
 * its place.
 */
public final class Secrets {

	private static final SecureRandom RANDOM = new SecureRandom();

	private Secrets() {
	}

	/**
	 * 256 random bits, Base64url without padding: 43 characters (a PKCE verifier too).
	 */
	public static String random() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * SHA-256 of the secret, Base64url without padding: what the store keeps of a cookie,
	 * and the S256 of a PKCE verifier (RFC 7636; the secrets here are ASCII, so their
	 * UTF-8 is their ASCII).
	 */
	public static String sha256(String secret) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
