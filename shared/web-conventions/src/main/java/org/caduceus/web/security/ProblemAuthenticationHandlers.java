package org.caduceus.web.security;

import org.caduceus.web.problem.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * 401 and 403 as problem details. The detail says whether the token was missing, expired,
 * too long-lived or otherwise invalid, but never echoes the token or the verifier's
 * internals.
 */
public final class ProblemAuthenticationHandlers {

	private ProblemAuthenticationHandlers() {
	}

	public static ServerAuthenticationEntryPoint entryPoint() {
		return (exchange, ex) -> unauthenticated(exchange, ex);
	}

	public static ServerAccessDeniedHandler accessDenied() {
		return (exchange, ex) -> Problems.write(exchange,
				Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "Your role does not allow this request"));
	}

	private static Mono<Void> unauthenticated(ServerWebExchange exchange, AuthenticationException ex) {
		String detail;
		if (ex instanceof InvalidBearerTokenException) {
			String original = String.valueOf(ex.getMessage());
			String message = original.toLowerCase(java.util.Locale.ROOT);
			int lifetime = original.indexOf(PinnedKeyJwtDecoders.LIFETIME_REFUSED);
			if (lifetime >= 0) {
				// the validator's own text, naming the cap: nothing of the token itself
				detail = original.substring(lifetime + PinnedKeyJwtDecoders.LIFETIME_REFUSED.length());
			}
			else {
				detail = message.contains("expired") ? "The bearer token has expired"
						: "The bearer token is invalid (signature, issuer, audience or format)";
			}
		}
		else {
			detail = "A bearer token is required";
		}
		exchange.getResponse().getHeaders().set("WWW-Authenticate", "Bearer");
		return Problems.write(exchange,
				Problems.of(HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required", detail));
	}

}
