package org.caduceus.console.session;

import org.springframework.web.server.ServerWebExchange;

/** A sign-in between its steps: the password was right, something is still owed. */
public record PendingSignIn(String cookie, ConsoleSession session) {

	static final String ATTRIBUTE = PendingSignIn.class.getName();

	public static @org.jspecify.annotations.Nullable PendingSignIn of(ServerWebExchange exchange) {
		return exchange.getAttribute(ATTRIBUTE);
	}

}
