package org.caduceus.console.oidc;

import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.caduceus.console.ConsoleProperties;
import org.caduceus.console.session.ProviderTokens;
import org.caduceus.identity.Role;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The console's side of OpenID Connect: the provider's discovery document, the token end
 * point (a code for tokens, a refresh token for a new access token), and the checks of
 * what comes back. An ID token must be signed by a key of the provider's JWK set, name
 * the provider, this client and the sign-in's nonce, and be in date; the access token
 * must be a JWT the gateway will take (the same issuer, the API's audience, in date, the
 * same subject), and its roles claim decides the console's role. Only asymmetric
 * signatures are accepted.
 */
public class OidcClient {

	/** Signatures a provider may use: never {@code none}, never a shared secret. */
	private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
			JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
			JWSAlgorithm.ES384, JWSAlgorithm.ES512);

	/**
	 * The console's role when the token names several: the one with the most pages a
	 * person works in (the API still applies every role the token carries).
	 */
	private static final List<Role> PRECEDENCE = List.of(Role.COORDINATOR, Role.ANALYST, Role.ADMIN, Role.AUDITOR);

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final ParameterizedTypeReference<Map<String, Object>> OBJECT = new ParameterizedTypeReference<>() {
	};

	/** What the provider's discovery document says, as far as the console needs it. */
	public record Metadata(String issuer, String authorizationEndpoint, String tokenEndpoint, String jwksUri,
			@Nullable String endSessionEndpoint) {
	}

	/** The provider's answer at its token end point. */
	record TokenResponse(String accessToken, @Nullable String refreshToken, @Nullable String idToken) {
	}

	/** Who signed in, with the console's role, and the tokens the session keeps. */
	record Identity(String user, Role role, ProviderTokens tokens) {
	}

	/** A renewal's outcome: the new tokens and the role their access token gives. */
	record Renewal(ProviderTokens tokens, Role role) {
	}

	/**
	 * A sign-in or renewal the console refuses, with the reason recorded for auditors;
	 * {@code definitive} when the provider itself said no (not merely did not answer).
	 */
	static final class Refused extends RuntimeException {

		private final boolean definitive;

		Refused(String reason) {
			this(reason, true);
		}

		Refused(String reason, boolean definitive) {
			super(reason, null, false, false);
			this.definitive = definitive;
		}

		boolean definitive() {
			return this.definitive;
		}

	}

	private record Verifier(Metadata metadata, DefaultJWTProcessor<SecurityContext> idTokens,
			DefaultJWTProcessor<SecurityContext> accessTokens) {
	}

	private final ConsoleProperties.Oidc settings;

	private final String audience;

	private final WebClient web;

	private final Clock clock;

	private final AtomicReference<@Nullable Verifier> verifier = new AtomicReference<>();

	public OidcClient(ConsoleProperties.Oidc settings, String audience, WebClient web, Clock clock) {
		this.settings = settings;
		this.audience = audience;
		this.web = web;
		this.clock = clock;
	}

	public ConsoleProperties.Oidc settings() {
		return this.settings;
	}

	/**
	 * The discovery document, read once it could be read: a provider that is down when
	 * the console starts is asked again at the next sign-in.
	 */
	public Mono<Metadata> metadata() {
		return verifier().map(Verifier::metadata);
	}

	private Mono<Verifier> verifier() {
		Verifier known = this.verifier.get();
		if (known != null) {
			return Mono.just(known);
		}
		String issuer = issuer();
		String discovery = issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration";
		return this.web.get()
			.uri(URI.create(discovery))
			.retrieve()
			.bodyToMono(OBJECT)
			.timeout(TIMEOUT)
			.map((document) -> {
				// the document names exactly the issuer asked for (OIDC Discovery 4.3)
				if (!issuer.equals(document.get("issuer"))) {
					throw new Refused("the discovery document names the issuer " + clean(document.get("issuer")));
				}
				Metadata metadata = new Metadata(issuer, endpoint(document, "authorization_endpoint"),
						endpoint(document, "token_endpoint"), endpoint(document, "jwks_uri"),
						(optional(document, "end_session_endpoint") != null)
								? endpoint(document, "end_session_endpoint") : null);
				// one JWK set, fetched and cached once, for both kinds of token;
				// ID tokens are typed JWT or not at all, access tokens also at+jwt
				// (RFC 9068)
				JWKSource<SecurityContext> keys = keys(metadata.jwksUri());
				Verifier made = new Verifier(metadata, processor(keys, JOSEObjectType.JWT, null),
						processor(keys, JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
				this.verifier.compareAndSet(null, made);
				return made;
			});
	}

	private static JWKSource<SecurityContext> keys(String jwksUri) {
		try {
			return JWKSourceBuilder.<SecurityContext>create(URI.create(jwksUri).toURL()).retrying(true).build();
		}
		catch (MalformedURLException | IllegalArgumentException ex) {
			throw new Refused("the provider's jwks_uri is not a URL: " + jwksUri);
		}
	}

	private static DefaultJWTProcessor<SecurityContext> processor(JWKSource<SecurityContext> keys,
			@Nullable JOSEObjectType... types) {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
		processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(types));
		// expiry and not-before with 60 s of leeway; issuer and audience below
		processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(null, Set.of("sub", "exp", "iat")));
		return processor;
	}

	/** The code the provider sent the browser back with, for the session's tokens. */
	Mono<TokenResponse> exchange(String code, String codeVerifier, String redirectUri) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "authorization_code");
		form.add("code", code);
		form.add("redirect_uri", redirectUri);
		form.add("code_verifier", codeVerifier);
		return token(form);
	}

	/** A new access token for a session's refresh token. */
	Mono<TokenResponse> refresh(String refreshToken) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "refresh_token");
		form.add("refresh_token", refreshToken);
		return token(form);
	}

	private Mono<TokenResponse> token(MultiValueMap<String, String> form) {
		return metadata().flatMap((metadata) -> this.web.post()
			.uri(URI.create(metadata.tokenEndpoint()))
			.header(HttpHeaders.AUTHORIZATION, basic())
			.accept(MediaType.APPLICATION_JSON)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(form))
			.exchangeToMono((response) -> response.bodyToMono(OBJECT).defaultIfEmpty(Map.of()).map((body) -> {
				if (!response.statusCode().is2xxSuccessful()) {
					// the error code only (a description is the provider's free text);
					// a 4xx is the provider's no, e.g. a refresh token revoked
					throw new Refused("the token end point answered " + response.statusCode().value() + " "
							+ clean(body.getOrDefault("error", "")), response.statusCode().is4xxClientError());
				}
				if (!"bearer".equalsIgnoreCase(String.valueOf(body.get("token_type")))) {
					throw new Refused("the token end point gave a token of type " + clean(body.get("token_type")));
				}
				return new TokenResponse(required(body, "access_token"), optional(body, "refresh_token"),
						optional(body, "id_token"));
			}))
			.timeout(TIMEOUT));
	}

	/** RFC 6749 2.3.1: each part form-encoded, then Basic. */
	private String basic() {
		String pair = form(nonNull(this.settings.clientId())) + ":" + form(nonNull(this.settings.clientSecret()));
		return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The sign-in's answer checked: its ID token for this client and nonce, its access
	 * token for the API, both of the same person, and a Caduceus role among the access
	 * token's.
	 */
	Mono<Identity> identify(TokenResponse response, String nonce) {
		if (response.idToken() == null) {
			return Mono.error(new Refused("the provider gave no ID token (is the scope openid allowed?)"));
		}
		return verified(response.idToken(), true).zipWith(verified(response.accessToken(), false)).map((both) -> {
			JWTClaimsSet id = both.getT1();
			JWTClaimsSet access = both.getT2();
			checkIdToken(id, nonce);
			checkAccessToken(access, id.getSubject());
			Role role = role(access);
			return new Identity(access.getSubject(), role, new ProviderTokens(response.accessToken(),
					response.refreshToken(), response.idToken(), access.getExpirationTime().toInstant()));
		});
	}

	/**
	 * A renewed session's tokens: the new access token checked as at sign-in, and the
	 * role it gives now. The sign-in's ID token is kept, for the sign-out's hint.
	 */
	Mono<Renewal> renewed(ProviderTokens before, TokenResponse response, String user) {
		return verified(response.accessToken(), false).map((access) -> {
			checkAccessToken(access, user);
			return new Renewal(new ProviderTokens(response.accessToken(),
					(response.refreshToken() != null) ? response.refreshToken() : before.refresh(), before.idToken(),
					access.getExpirationTime().toInstant()), role(access));
		});
	}

	private Mono<JWTClaimsSet> verified(String token, boolean idToken) {
		// the JWK set is fetched (and refetched for an unknown key) with blocking I/O
		return verifier().flatMap((verifier) -> Mono.fromCallable(() -> {
			try {
				return (idToken ? verifier.idTokens() : verifier.accessTokens()).process(token, null);
			}
			catch (ParseException ex) {
				throw new Refused("a token that is not a signed JWT");
			}
			catch (BadJOSEException ex) {
				throw new Refused("a token that does not verify: " + clean(ex.getMessage()));
			}
		}).subscribeOn(Schedulers.boundedElastic()));
	}

	private void checkIdToken(JWTClaimsSet id, String nonce) {
		if (!issuer().equals(id.getIssuer())) {
			throw new Refused("an ID token from another issuer: " + clean(id.getIssuer()));
		}
		List<String> audiences = id.getAudience();
		String clientId = nonNull(this.settings.clientId());
		if (!audiences.contains(clientId)) {
			throw new Refused("an ID token for another client");
		}
		Object azp = id.getClaim("azp");
		// with several audiences the client must be named (OIDC Core 3.1.3.7)
		if ((azp != null || audiences.size() > 1) && !clientId.equals(azp)) {
			throw new Refused("an ID token authorized for another party");
		}
		java.util.Date issuedAt = id.getIssueTime();
		if (issuedAt == null || issuedAt.toInstant().isAfter(this.clock.instant().plusSeconds(60))) {
			throw new Refused("an ID token issued in the future");
		}
		if (!nonce.equals(id.getClaim("nonce"))) {
			throw new Refused("an ID token without this sign-in's nonce");
		}
	}

	private void checkAccessToken(JWTClaimsSet access, String subject) {
		if (!issuer().equals(access.getIssuer())) {
			throw new Refused("an access token from another issuer: " + clean(access.getIssuer()));
		}
		if (!access.getAudience().contains(this.audience)) {
			throw new Refused("an access token without the API's audience " + this.audience);
		}
		if (!subject.equals(access.getSubject())) {
			throw new Refused("an access token for another subject than the ID token's");
		}
		if (!access.getExpirationTime().toInstant().isAfter(this.clock.instant())) {
			throw new Refused("an access token already expired");
		}
	}

	/**
	 * The console's role from the access token's roles claim, as the gateway reads it.
	 */
	Role role(JWTClaimsSet access) {
		List<Role> roles = Role.namesAt(access.getClaims(), this.settings.rolesClaim())
			.stream()
			.flatMap((name) -> Role.findUserRole(name).stream())
			.toList();
		return PRECEDENCE.stream()
			.filter(roles::contains)
			.findFirst()
			.orElseThrow(
					() -> new Refused("no Caduceus role in the access token's claim " + this.settings.rolesClaim()));
	}

	private String issuer() {
		return nonNull(this.settings.issuerUri()).strip();
	}

	private static String required(Map<String, Object> document, String name) {
		Object value = document.get(name);
		if (!(value instanceof String text) || text.isBlank()) {
			throw new Refused("the provider's answer has no " + name);
		}
		return text;
	}

	/**
	 * An end point of the provider: https, or http on the loopback only (a provider on
	 * the same machine, as in tests).
	 */
	private static String endpoint(Map<String, Object> document, String name) {
		String value = required(document, name);
		URI uri;
		try {
			uri = URI.create(value);
		}
		catch (IllegalArgumentException ex) {
			throw new Refused("the provider's " + name + " is not a URI");
		}
		boolean loopback = "127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost())
				|| "[::1]".equals(uri.getHost());
		if (!"https".equals(uri.getScheme()) && !("http".equals(uri.getScheme()) && loopback)) {
			throw new Refused("the provider's " + name + " is not https: " + clean(value));
		}
		return value;
	}

	/** The provider's text as far as a log line and an audit record may carry it. */
	static String clean(@Nullable Object text) {
		String value = String.valueOf(text).replaceAll("[^A-Za-z0-9_.:/@+ -]", "?");
		return (value.length() > 120) ? value.substring(0, 120) + "..." : value;
	}

	private static @Nullable String optional(Map<String, Object> document, String name) {
		Object value = document.get(name);
		return (value instanceof String text && !text.isBlank()) ? text : null;
	}

	private static String form(String value) {
		return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String nonNull(@Nullable String text) {
		return (text != null) ? text : "";
	}

}
