package org.caduceus.console.session;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.web.server.ServerWebExchange;

/**
 * The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's
 * page sends it), Secure whenever the console is reached over TLS, and without an expiry
 * (the browser forgets it when closed; the store's limits end it sooner).
 */
public final class SessionCookie {

	static final String NAME = "caduceus_session";

	/**
	 * The name over TLS: a browser takes a {@code __Host-} cookie only from this very
	 * host, Secure and for the whole path, so a sibling subdomain cannot plant one.
	 */
	static final String SECURE_NAME = "__Host-" + NAME;

	private final boolean alwaysSecure;

	public SessionCookie(boolean alwaysSecure) {
		this.alwaysSecure = alwaysSecure;
	}

	public static @Nullable String read(ServerWebExchange exchange) {
		HttpCookie cookie = exchange.getRequest().getCookies().getFirst(SECURE_NAME);
		if (cookie == null) {
			cookie = exchange.getRequest().getCookies().getFirst(NAME);
		}
		return (cookie != null && !cookie.getValue().isBlank()) ? cookie.getValue() : null;
	}

	public void write(ServerWebExchange exchange, String value) {
		exchange.getResponse().addCookie(cookie(exchange, value).build());
	}

	public void clear(ServerWebExchange exchange) {
		exchange.getResponse().addCookie(cookie(exchange, "").maxAge(Duration.ZERO).build());
	}

	/**
	 * Whether this browser's cookies are Secure (and {@code __Host-} named): it reached
	 * the node over TLS as far as the gateway saw, or TLS ends before the console anyway.
	 */
	public boolean isSecure(ServerWebExchange exchange) {
		return this.alwaysSecure || "https".equals(SessionFilter.clientScheme(exchange.getRequest()));
	}

	private ResponseCookie.ResponseCookieBuilder cookie(ServerWebExchange exchange, String value) {
		boolean secure = isSecure(exchange);
		return ResponseCookie.from(secure ? SECURE_NAME : NAME, value)
			.httpOnly(true)
			.secure(secure)
			.sameSite("Strict")
			.path("/");
	}

}
