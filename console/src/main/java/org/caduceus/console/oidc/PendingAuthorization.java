package org.caduceus.console.oidc;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A sign-in sent to the provider and not back yet. Keyed by the SHA-256 of the browser's
 * sign-in cookie, so that only the browser that started it can finish it (no sign-in
 * forged into another's browser), and taken once.
 *
 * @param key SHA-256 of the sign-in cookie, Base64url
 * @param state what the provider must send back unchanged
 * @param nonce what the ID token must carry
 * @param codeVerifier the PKCE secret whose S256 hash went to the provider
 * @param redirectUri the redirect URI sent, which the code exchange must repeat
 * @param next the console page to open once signed in
 * @param expiresAt the store drops it after this
 */
@Document("oidc_sign_ins")
record PendingAuthorization(@Id String key, String state, String nonce, String codeVerifier, String redirectUri,
		String next, Instant expiresAt) {
}
