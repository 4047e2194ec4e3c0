package org.caduceus.console.oidc;

import java.time.Clock;
import java.time.Instant;

import org.caduceus.console.session.ConsoleSession;
import org.caduceus.console.session.IdentityProvider;
import org.caduceus.console.session.ProviderTokens;
import org.caduceus.console.session.Sessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * The sessions a provider signed in: each request's access token, renewed with the
 * refresh token before it runs out; a renewal the provider refuses (the user disabled,
 * the refresh token revoked) ends the session once the old token has expired. A sign-out
 * ends the sign-in at the provider too when it offers an end-session end point.
 */
class ProviderSessions implements IdentityProvider {

	private static final Logger log = LoggerFactory.getLogger(ProviderSessions.class);

	private final OidcClient client;

	private final Sessions sessions;

	private final Clock clock;

	ProviderSessions(OidcClient client, Sessions sessions, Clock clock) {
		this.client = client;
		this.sessions = sessions;
		this.clock = clock;
	}

	@Override
	public Mono<String> accessToken(String cookie, ConsoleSession session) {
		ProviderTokens tokens = open(cookie, session);
		if (tokens == null) {
			return Mono.empty();
		}
		Instant now = this.clock.instant();
		Mono<String> stillValid = now.isBefore(tokens.accessExpiresAt()) ? Mono.just(tokens.access()) : Mono.empty();
		if (now.plus(this.client.settings().refreshBefore()).isBefore(tokens.accessExpiresAt())) {
			return stillValid;
		}
		String refresh = tokens.refresh();
		if (refresh == null) {
			return stillValid;
		}
		return this.client.refresh(refresh)
			.flatMap((response) -> this.client.renewed(tokens, response, session.user()))
			.flatMap((renewed) -> this.sessions.renewed(cookie, renewed).thenReturn(renewed.access()))
			.onErrorResume((error) -> {
				log.info("the provider did not renew {}'s access token: {}", session.user(), error.getMessage());
				return stillValid;
			});
	}

	@Override
	public Mono<String> signOutLocation(ServerWebExchange exchange, String cookie, ConsoleSession session) {
		ProviderTokens tokens = open(cookie, session);
		return this.client.metadata().flatMap((metadata) -> {
			if (metadata.endSessionEndpoint() == null) {
				return Mono.<String>empty();
			}
			UriComponentsBuilder location = UriComponentsBuilder.fromUriString(metadata.endSessionEndpoint())
				.queryParam("client_id", this.client.settings().clientId())
				.queryParam("post_logout_redirect_uri",
						OidcSignIn.baseUrl(exchange, this.client.settings()) + SIGNED_OUT);
			if (tokens != null && tokens.idToken() != null) {
				location.queryParam("id_token_hint", tokens.idToken());
			}
			return Mono.just(location.encode().build().toUriString());
		}).onErrorResume((error) -> Mono.empty());
	}

	/** The page the provider sends the browser back to after its sign-out. */
	static final String SIGNED_OUT = "/sign-in?signedOut";

	private static @org.jspecify.annotations.Nullable ProviderTokens open(String cookie, ConsoleSession session) {
		ProviderTokens.Sealed sealed = session.tokens();
		if (sealed == null) {
			return null;
		}
		try {
			return sealed.open(cookie);
		}
		catch (IllegalStateException | IllegalArgumentException ex) {
			return null;
		}
	}

}
