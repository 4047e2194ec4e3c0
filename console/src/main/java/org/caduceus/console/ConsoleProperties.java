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
 */
@ConfigurationProperties("caduceus.console")
public record ConsoleProperties(String gatewayUrl, Path userKey, Path userPublicKey, @Nullable String audience,
		@DefaultValue("30m") Duration idleTimeout, @DefaultValue("12h") Duration absoluteTimeout,
		@DefaultValue("5") int maxFailures, @DefaultValue("15m") Duration lockout,
		@DefaultValue("false") boolean secureCookies, @DefaultValue("5s") Duration livePoll) {

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
