package org.caduceus.console.oidc;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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
 * the refresh token revoked, no Caduceus role any more) ends the session at once, and a
 * provider that does not answer leaves the old token serving until it expires. A sign-out
 * ends the sign-in at the provider too when it offers an end-session end point.
 */
class ProviderSessions implements IdentityProvider {

	private static final Logger log = LoggerFactory.getLogger(ProviderSessions.class);

	private final OidcClient client;

	private final Sessions sessions;

	private final Clock clock;

	private final Map<String, Mono<Optional<String>>> renewals = new ConcurrentHashMap<>();

	ProviderSessions(OidcClient client, Sessions sessions, Clock clock) {
		this.client = client;
		this.sessions = sessions;
		this.clock = clock;
	}

	@Override
	public Mono<String> accessToken(String cookie, ConsoleSession session) {
		ProviderTokens tokens = open(cookie, session);
		ProviderTokens.Sealed sealed = session.tokens();
		if (tokens == null || sealed == null) {
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
		// one renewal for the requests of a session due at once (a page and its live
		// updates): a provider that rotates refresh tokens may revoke on reuse
		Mono<Optional<String>> renewal = this.renewals.computeIfAbsent(session.key(),
				(key) -> renew(cookie, session, sealed, tokens, refresh, stillValid)
					.doFinally((signal) -> this.renewals.remove(key))
					.cache());
		return renewal.flatMap(Mono::justOrEmpty);
	}

	private Mono<Optional<String>> renew(String cookie, ConsoleSession session, ProviderTokens.Sealed sealed,
			ProviderTokens tokens, String refresh, Mono<String> stillValid) {
		return this.client.refresh(refresh)
			.flatMap((response) -> this.client.renewed(tokens, response, session.user()))
			.flatMap((renewal) -> this.sessions.renewed(cookie, sealed, renewal.tokens(), renewal.role())
				// kept or not (another replica renewed first), the token is valid
				.thenReturn(Optional.of(renewal.tokens().access())))
			.onErrorResume(OidcClient.Refused.class, (refused) -> {
				log.info("the provider did not renew {}'s access token: {}", session.user(), refused.getMessage());
				// the provider said no (a revoked grant, a role withdrawn): the session
				// ends now; it merely did not answer: the token serves while it lasts
				return refused.definitive() ? Mono.just(Optional.<String>empty())
						: stillValid.map(Optional::of).defaultIfEmpty(Optional.empty());
			})
			.onErrorResume((error) -> {
				log.warn("{}'s access token could not be renewed: {}", session.user(), error.toString());
				return stillValid.map(Optional::of).defaultIfEmpty(Optional.empty());
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
