package org.caduceus.console.oidc;

import java.net.URI;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import org.caduceus.console.ConsoleProperties;
import org.caduceus.console.account.Accounts;
import org.caduceus.console.account.SignInEvent;
import org.caduceus.console.session.SessionCookie;
import org.caduceus.console.session.SessionFilter;
import org.caduceus.console.session.Sessions;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * Signing in through the OpenID Connect provider: the browser is sent to the provider
 * with a fresh state, nonce and PKCE challenge, bound to a sign-in cookie of its own;
 * back here with a code, the code is exchanged for tokens, which are checked before a
 * session starts. Every refusal is recorded for auditors and shown without the provider's
 * free text.
 */
@Controller
@Conditional(OidcEnabled.class)
class OidcSignIn {

	private static final Logger log = LoggerFactory.getLogger(OidcSignIn.class);

	/**
	 * The sign-in cookie comes back on the provider's redirect, a navigation from another
	 * site: so it is {@code SameSite=Lax}, unlike the session's.
	 */
	static final String COOKIE = "caduceus_oidc";

	static final String SECURE_COOKIE = "__Host-" + COOKIE;

	static final String CALLBACK = "/sign-in/oidc/callback";

	static final String AGAIN = "This sign-in could not be completed; sign in again.";

	private final OidcClient client;

	private final PendingAuthorizations pending;

	private final Sessions sessions;

	private final SessionCookie sessionCookie;

	private final Accounts accounts;

	private final Clock clock;

	OidcSignIn(OidcClient client, PendingAuthorizations pending, Sessions sessions, SessionCookie sessionCookie,
			Accounts accounts, Clock clock) {
		this.client = client;
		this.pending = pending;
		this.sessions = sessions;
		this.sessionCookie = sessionCookie;
		this.accounts = accounts;
		this.clock = clock;
	}

	@GetMapping("/sign-in/oidc")
	Mono<Rendering> start(ServerWebExchange exchange, @RequestParam(required = false) @Nullable String next) {
		String redirectUri = redirectUri(exchange, this.client.settings());
		String after = nonNull(SessionFilter.safeNext(next));
		return this.client.metadata().zipWith(this.pending.begin(redirectUri, after)).map((both) -> {
			PendingAuthorizations.Begun begun = both.getT2();
			PendingAuthorization request = begun.pending();
			ConsoleProperties.Oidc settings = this.client.settings();
			String scopes = settings.scopes().contains("openid") ? settings.scopes() : "openid " + settings.scopes();
			URI location = UriComponentsBuilder.fromUriString(both.getT1().authorizationEndpoint())
				.queryParam("response_type", "code")
				.queryParam("client_id", settings.clientId())
				.queryParam("redirect_uri", redirectUri)
				.queryParam("scope", scopes.strip())
				.queryParam("state", request.state())
				.queryParam("nonce", request.nonce())
				.queryParam("code_challenge", begun.codeChallenge())
				.queryParam("code_challenge_method", "S256")
				.encode()
				.build()
				.toUri();
			exchange.getResponse().addCookie(cookie(exchange, begun.cookie(), PendingAuthorizations.LIFETIME));
			return Rendering.redirectTo(location.toString()).status(HttpStatus.SEE_OTHER).build();
		}).onErrorResume((error) -> {
			log.warn("the OIDC provider cannot be reached for a sign-in: {}", error.getMessage());
			return Mono.just(refused("The sign-in service does not answer; try again in a moment.",
					HttpStatus.SERVICE_UNAVAILABLE));
		});
	}

	@GetMapping(CALLBACK)
	Mono<Rendering> callback(ServerWebExchange exchange, @RequestParam(required = false) @Nullable String code,
			@RequestParam(required = false) @Nullable String state,
			@RequestParam(required = false) @Nullable String error) {
		String address = SessionFilter.clientAddress(exchange.getRequest());
		String cookie = readCookie(exchange);
		exchange.getResponse().addCookie(cookie(exchange, "", Duration.ZERO));
		if (cookie == null) {
			return notBegun(address);
		}
		return this.pending.take(cookie).flatMap((request) -> {
			if (state == null || !MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8),
					request.state().getBytes(StandardCharsets.UTF_8))) {
				return Mono.<Rendering>error(new OidcClient.Refused("a state that is not this sign-in's"));
			}
			if (error != null) {
				return Mono.<Rendering>error(
						new OidcClient.Refused("the provider answered " + error.replaceAll("[^A-Za-z0-9_.-]", "")));
			}
			if (code == null || code.isBlank()) {
				return Mono.<Rendering>error(new OidcClient.Refused("no code"));
			}
			return this.client.exchange(code, request.codeVerifier(), request.redirectUri())
				.flatMap((tokens) -> this.client.identify(tokens, request.nonce()))
				.flatMap((identity) -> this.sessions.start(identity.user(), identity.role(), identity.tokens())
					// recorded first: no session opens that the record lacks
					.flatMap((started) -> this.accounts
						.record(identity.user(), SignInEvent.Kind.SIGNED_IN, address, this.clock.instant())
						.then(Mono.fromRunnable(() -> this.sessionCookie.write(exchange, started.cookie())))
						.thenReturn(onward(request.next()))));
		}).switchIfEmpty(Mono.defer(() -> notBegun(address))).onErrorResume((failure) -> {
			String reason = (failure instanceof OidcClient.Refused) ? failure.getMessage()
					: "the provider did not answer: " + failure.getClass().getSimpleName();
			log.info("an OIDC sign-in refused: {}", reason);
			return this.accounts.refused("(unknown)", reason, address, this.clock.instant())
				.thenReturn(refused((error != null && "access_denied".equals(error))
						? "The sign-in service refused the sign-in." : AGAIN, HttpStatus.UNAUTHORIZED));
		});
	}

	/**
	 * A callback in a browser that began no sign-in here, or began it more than ten
	 * minutes ago, or already finished it: a code sent to someone else's browser, a
	 * replay.
	 */
	private Mono<Rendering> notBegun(String address) {
		return this.accounts
			.refused("(unknown)", "a callback without a sign-in begun in this browser", address, this.clock.instant())
			.thenReturn(refused(AGAIN, HttpStatus.BAD_REQUEST));
	}

	/**
	 * A page that moves on by itself: the provider's redirect is a navigation from
	 * another site, with which a browser withholds the session's {@code SameSite=Strict}
	 * cookie; a navigation this page starts is same-site and carries it.
	 */
	private static Rendering onward(String next) {
		return Rendering.view("account/onward").modelAttribute("next", next.isEmpty() ? "/" : next).build();
	}

	private Rendering refused(String message, HttpStatus status) {
		return Rendering.view("account/sign-in")
			.modelAttribute("provider", this.client.settings().label())
			.modelAttribute("next", "")
			.modelAttribute("error", message)
			.modelAttribute("signedOut", false)
			.status(status)
			.build();
	}

	private ResponseCookie cookie(ServerWebExchange exchange, String value, Duration maxAge) {
		boolean secure = this.sessionCookie.isSecure(exchange);
		return ResponseCookie.from(secure ? SECURE_COOKIE : COOKIE, value)
			.httpOnly(true)
			.secure(secure)
			.sameSite("Lax")
			.path("/")
			.maxAge(maxAge)
			.build();
	}

	/**
	 * Over TLS only the {@code __Host-} cookie counts: a plain one may have been planted
	 * by a sibling subdomain or over plain HTTP, to finish a sign-in of the attacker's
	 * own.
	 */
	private @Nullable String readCookie(ServerWebExchange exchange) {
		HttpCookie cookie = exchange.getRequest().getCookies().getFirst(SECURE_COOKIE);
		if (cookie == null && !this.sessionCookie.isSecure(exchange)) {
			cookie = exchange.getRequest().getCookies().getFirst(COOKIE);
		}
		return (cookie != null && !cookie.getValue().isBlank()) ? cookie.getValue() : null;
	}

	/** The configured redirect URI, else this console's callback. */
	static String redirectUri(ServerWebExchange exchange, ConsoleProperties.Oidc settings) {
		String configured = settings.redirectUri();
		return (configured != null && !configured.isBlank()) ? configured.strip()
				: baseUrl(exchange, settings) + CALLBACK;
	}

	/**
	 * This console as the browser reaches it: from the configured redirect URI, else the
	 * scheme the gateway saw and the {@code Host} the browser sent (a forged host only
	 * makes the provider refuse a redirect URI it does not know).
	 */
	static String baseUrl(ServerWebExchange exchange, ConsoleProperties.Oidc settings) {
		String configured = settings.redirectUri();
		if (configured != null && !configured.isBlank()) {
			URI uri = URI.create(configured.strip());
			return uri.getScheme() + "://" + uri.getRawAuthority();
		}
		String host = exchange.getRequest().getHeaders().getFirst("Host");
		if (host == null || host.isBlank()) {
			host = exchange.getRequest().getURI().getRawAuthority();
		}
		return SessionFilter.clientScheme(exchange.getRequest()) + "://" + host.strip();
	}

	private static String nonNull(@Nullable String text) {
		return (text != null) ? text : "";
	}

}
