package org.caduceus.console.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * What an OpenID Connect provider gave for a session: the access token the console calls
 * the API with, the refresh token that renews it, and the ID token a sign-out at the
 * provider names. The store keeps them only {@link #seal sealed} with a key derived from
 * the session's cookie, which the store does not hold: whoever reads the store (a backup)
 * gets no token from it.
 *
 * @param access the access token, as the provider issued it
 * @param refresh the refresh token, if the provider gave one
 * @param idToken the ID token
 * @param accessExpiresAt when the access token expires
 */
public record ProviderTokens(String access, @Nullable String refresh, @Nullable String idToken,
		Instant accessExpiresAt) {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final byte[] PURPOSE = "caduceus console provider tokens v1".getBytes(StandardCharsets.UTF_8);

	/** The tokens as the store keeps them: AES-256-GCM, nonce first, Base64. */
	public record Sealed(String box, Instant accessExpiresAt) {

		public ProviderTokens open(String cookie) {
			byte[] all = Base64.getDecoder().decode(this.box);
			try {
				Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
				cipher.init(Cipher.DECRYPT_MODE, key(cookie), new GCMParameterSpec(128, all, 0, 12));
				String[] parts = new String(cipher.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8)
					.split("\n", -1);
				return new ProviderTokens(parts[0], parts[1].isEmpty() ? null : parts[1],
						parts[2].isEmpty() ? null : parts[2], this.accessExpiresAt);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("the session's tokens cannot be opened with its cookie", ex);
			}
		}

	}

	public ProviderTokens {
		for (String token : new String[] { access, refresh, idToken }) {
			// tokens are Base64url or JWTs; the sealed form separates them by newlines
			if (token != null && token.indexOf('\n') >= 0) {
				throw new IllegalArgumentException("a token with a line break");
			}
		}
	}

	public Sealed seal(String cookie) {
		byte[] plain = String.join("\n", this.access, nonNull(this.refresh), nonNull(this.idToken))
			.getBytes(StandardCharsets.UTF_8);
		byte[] nonce = new byte[12];
		RANDOM.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, key(cookie), new GCMParameterSpec(128, nonce));
			byte[] sealed = cipher.doFinal(plain);
			return new Sealed(
					Base64.getEncoder()
						.encodeToString(ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array()),
					this.accessExpiresAt);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * HMAC-SHA-256 keyed with the cookie: the store's session key is its plain SHA-256.
	 */
	private static SecretKeySpec key(String cookie) throws GeneralSecurityException {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(cookie.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return new SecretKeySpec(mac.doFinal(PURPOSE), "AES");
	}

	private static String nonNull(@Nullable String text) {
		return (text != null) ? text : "";
	}

}
