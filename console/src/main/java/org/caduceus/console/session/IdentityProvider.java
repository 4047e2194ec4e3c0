package org.caduceus.console.session;

import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The OpenID Connect provider a session was signed in with, as the session filter and the
 * sign-out need it: a session it signed in carries its tokens, and every request of that
 * session calls the API with the provider's access token, never one the console makes.
 */
public interface IdentityProvider {

	/**
	 * The access token to call the API with: the session's own while it is fresh, a
	 * renewed one (stored with the session) when it is about to expire; empty when the
	 * provider gives none any more, which ends the session.
	 */
	Mono<String> accessToken(String cookie, ConsoleSession session);

	/**
	 * Where the browser goes after a local sign-out to end its sign-in at the provider as
	 * well; empty when the provider offers no such end point.
	 */
	Mono<String> signOutLocation(ServerWebExchange exchange, String cookie, ConsoleSession session);

}
