package org.caduceus.console;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The console's settings ({@code caduceus.console.*}).
 *
 * @param gatewayUrl where the console calls the node's public API
 * @param userKey the node-local key user tokens are signed with (the same key
 * {@code ./caduceus token} uses), so the API sees the tokens it already knows
 * @param userPublicKey that key's public half
 * @param audience the audience of user tokens; empty: {@code caduceus:<node id>}
 * @param idleTimeout a session ends after this long without a request
 * @param absoluteTimeout and after this long in any case
 * @param maxFailures failed sign-ins (passwords or codes) in a row that lock an account
 * @param lockout how long a locked account is refused
 * @param secureCookies mark the session cookie Secure even when the console itself sees
 * plain HTTP (TLS ends before it)
 * @param livePoll how often a page that updates itself (the escalation lists) has the API
 * asked whether anything changed
 * @param oidc sign-in through an OpenID Connect provider instead of local accounts
 */
@ConfigurationProperties("caduceus.console")
public record ConsoleProperties(String gatewayUrl, Path userKey, Path userPublicKey, @Nullable String audience,
		@DefaultValue("30m") Duration idleTimeout, @DefaultValue("12h") Duration absoluteTimeout,
		@DefaultValue("5") int maxFailures, @DefaultValue("15m") Duration lockout,
		@DefaultValue("false") boolean secureCookies, @DefaultValue("5s") Duration livePoll, @DefaultValue Oidc oidc) {

	/**
	 * Sign-in through an OpenID Connect provider (authorization code flow with PKCE, the
	 * console a confidential client), on when {@code issuerUri} is set. The gateway must
	 * trust the same issuer and audience: the console calls the API with the provider's
	 * access token.
	 *
	 * @param issuerUri the issuer, exactly as its discovery document names it
	 * @param clientId the console's client at the provider
	 * @param clientSecret its secret (sent with HTTP Basic)
	 * @param scopes the scopes asked for; {@code openid} is always among them
	 * @param audience the audience the API's access tokens carry; empty:
	 * {@code caduceus:<node id>}, as the gateway
	 * @param rolesClaim dotted path of the access token's claim listing roles, as the
	 * gateway
	 * @param redirectUri where the provider sends the browser back; empty: this console's
	 * {@code /sign-in/oidc/callback} at the address the browser used
	 * @param refreshBefore an access token this close to its expiry is renewed first
	 * @param label the provider's name on the sign-in page
	 */
	public record Oidc(@Nullable String issuerUri, @Nullable String clientId, @Nullable String clientSecret,
			@DefaultValue("openid profile") String scopes, @Nullable String audience,
			@DefaultValue("roles") String rolesClaim, @Nullable String redirectUri,
			@DefaultValue("30s") Duration refreshBefore, @DefaultValue("your organisation's sign-in") String label) {

		public Oidc {
			if (issuerUri != null && !issuerUri.isBlank()
					&& (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank())) {
				throw new IllegalArgumentException("caduceus.console.oidc.issuer-uri is set without a client id and "
						+ "secret (CADUCEUS_CONSOLE_OIDC_CLIENT_ID, CADUCEUS_CONSOLE_OIDC_CLIENT_SECRET)");
			}
		}

		public boolean enabled() {
			return this.issuerUri != null && !this.issuerUri.isBlank();
		}

		public String audienceFor(String nodeId) {
			return (this.audience != null && !this.audience.isBlank()) ? this.audience : issuerFor(nodeId);
		}

	}

	public String audienceFor(String nodeId) {
		return (this.audience != null && !this.audience.isBlank()) ? this.audience : issuerFor(nodeId);
	}

	/**
	 * The issuer of user tokens minted with the node-local key, as the gateway expects
	 * it.
	 */
	public static String issuerFor(String nodeId) {
		return "caduceus:" + nodeId;
	}

}
