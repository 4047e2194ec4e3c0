package org.caduceus.gateway.partners;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.caduceus.federation.EnvelopeVerifier;
import org.caduceus.federation.SignatureRejected;
import org.caduceus.gateway.auth.IdentityRelayGatewayFilterFactory;
import org.caduceus.gateway.auth.IdentityRelayGatewayFilterFactory.VerifiedCaller;
import org.caduceus.gateway.auth.IdentityTokens;
import org.caduceus.gateway.federation.FederationProperties;
import org.caduceus.gateway.federation.SignedRequests;
import org.caduceus.gateway.limits.IngressBodies;
import org.caduceus.gateway.limits.PreAuthenticationLimit;
import org.caduceus.identity.InternalIdentity;
import org.caduceus.identity.Role;
import org.caduceus.web.security.RolesFromClaims;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Guards {@code /taxii2/**}: the caller is authenticated from the headers before any body
 * is read (a small limit per client address refuses a client that keeps failing, with
 * 429), then the body is read within the TAXII limit ({@code max_content_length}), and
 * only then does the request go anywhere: a partner node by its RFC 9421 signature (the
 * same checks as federation: pinned key, window, digest, nonce), a partner CERT by its
 * API key (HTTP Basic, the scheme TAXII requires servers to offer, with the key as
 * password; or {@code Authorization: Bearer cdk_...}), a local user by their bearer
 * token. Refusals are TAXII errors. The caller goes on as an identity the gateway signs,
 * relayed by {@link IdentityRelayGatewayFilterFactory}: the {@code peer} role for a node,
 * the user's roles for a user, the {@code partner} role with the presented key
 * ({@link InternalIdentity#API_KEY_HEADER}) for a key partner, whose key the partner API
 * checks against its own store. Runs before the body limit and the identity relay.
 */
@Component
public class TaxiiIngressGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

	/** Before the default filters: the TAXII limit and refusals come first. */
	static final int ORDER = -10;

	/** The subject of a key partner's identity; the key itself says which partner. */
	static final String KEY_SUBJECT = "api-key";

	private static final String KEY_PREFIX = "cdk_";

	private static final Logger log = LoggerFactory.getLogger(TaxiiIngressGatewayFilterFactory.class);

	private final SignedRequests signatures;

	private final IdentityTokens tokens;

	private final ReactiveJwtDecoder userTokens;

	private final RolesFromClaims roles;

	private final FederationProperties federation;

	private final PreAuthenticationLimit preAuthentication;

	private final IngressBodies bodies;

	private final int maxContentLength;

	public TaxiiIngressGatewayFilterFactory(SignedRequests signatures, IdentityTokens tokens,
			ReactiveJwtDecoder userTokenDecoder, RolesFromClaims roles, FederationProperties federation,
			PreAuthenticationLimit preAuthentication, IngressBodies bodies,
			@Value("${caduceus.taxii.max-content-length:16777216}") int maxContentLength) {
		this.signatures = signatures;
		this.tokens = tokens;
		this.userTokens = userTokenDecoder;
		this.roles = roles;
		this.federation = federation;
		this.preAuthentication = preAuthentication;
		this.bodies = bodies;
		this.maxContentLength = maxContentLength;
	}

	@Override
	public GatewayFilter apply(Object config) {
		return new OrderedGatewayFilter((exchange, chain) -> {
			long wait = this.preAuthentication.take(exchange);
			if (wait > 0) {
				exchange.getResponse().getHeaders().set("Retry-After", Long.toString(wait));
				return TaxiiRefusal.tooManyRequests(this.preAuthentication.perSecond(), wait).write(exchange);
			}
			return authenticate(exchange.getRequest())
				.doOnNext((authenticated) -> this.preAuthentication.authenticated(exchange))
				.flatMap((authenticated) -> body(exchange.getRequest())
					.flatMap((body) -> authenticated.caller(body).map((caller) -> {
						exchange.getAttributes().put(IdentityRelayGatewayFilterFactory.VERIFIED_CALLER, caller);
						return exchange.mutate().request(withBody(exchange, body)).build();
					})))
				.onErrorResume(TaxiiRefusal.class, (ex) -> ex.write(exchange).then(Mono.<ServerWebExchange>empty()))
				.flatMap(chain::filter);
		}, ORDER);
	}

	/** Read only once the caller is known, and never beyond the TAXII limit. */
	private Mono<byte[]> body(ServerHttpRequest request) {
		if (request.getHeaders().getContentLength() > this.maxContentLength) {
			return Mono.error(TaxiiRefusal.tooLarge(this.maxContentLength));
		}
		return this.bodies.read(request, this.maxContentLength)
			.onErrorMap(DataBufferLimitException.class, (ex) -> TaxiiRefusal.tooLarge(this.maxContentLength));
	}

	/**
	 * From the headers alone: a user by their token, a key partner by its key's form, a
	 * node by its signed headers (its body is checked against the signed digest once
	 * read).
	 */
	private Mono<Authenticated> authenticate(ServerHttpRequest request) {
		HttpHeaders headers = request.getHeaders();
		Map<String, String> publicUrl = Map.of(InternalIdentity.PUBLIC_URL_HEADER,
				this.federation.signedTarget(request.getURI()).toString());
		if (headers.containsHeader("Signature-Input") || headers.containsHeader("Signature")) {
			return this.signatures.verifyHeaders(request)
				.onErrorMap(SignatureRejected.class, TaxiiIngressGatewayFilterFactory::signatureRefused)
				.map((signed) -> (body) -> node(signed, body).map((token) -> new VerifiedCaller(token, publicUrl)));
		}
		String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
		if (authorization == null || authorization.isBlank()) {
			return Mono.error(TaxiiRefusal.unauthorized("no credentials: send an API key (HTTP Basic, the key as"
					+ " password), a bearer token, or an RFC 9421 signature"));
		}
		Mono<VerifiedCaller> caller;
		if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			caller = key(password(authorization.substring(6).strip()), publicUrl);
		}
		else if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			String token = authorization.substring(7).strip();
			caller = token.startsWith(KEY_PREFIX) ? key(token, publicUrl)
					: user(token).map((identity) -> new VerifiedCaller(identity, publicUrl));
		}
		else {
			caller = Mono.error(TaxiiRefusal.unauthorized("unsupported authorization scheme"));
		}
		return caller.map((known) -> (body) -> Mono.just(known));
	}

	private Mono<String> node(EnvelopeVerifier.SignedHeaders signed, byte[] body) {
		return this.signatures.verifyBody(signed, body)
			.map((verified) -> this.tokens.tokenFor(verified.keyId(), Set.of(Role.PEER)))
			.onErrorMap(SignatureRejected.class, TaxiiIngressGatewayFilterFactory::signatureRefused);
	}

	private static TaxiiRefusal signatureRefused(SignatureRejected ex) {
		log.info("TAXII signature refused: {} ({})", ex.reason(), ex.getMessage());
		return TaxiiRefusal.unauthorized("signature refused: " + ex.getMessage());
	}

	/**
	 * A caller known from the headers; a node is only once its body matches its digest.
	 */
	@FunctionalInterface
	private interface Authenticated {

		Mono<VerifiedCaller> caller(byte[] body);

	}

	/** The partner API checks the key; only one that can be one goes on. */
	private Mono<VerifiedCaller> key(String presented, Map<String, String> publicUrl) {
		if (!presented.startsWith(KEY_PREFIX) || presented.length() > 200
				|| !presented.chars().allMatch((c) -> c > 0x20 && c < 0x7f)) {
			log.info("TAXII API key refused: not a key");
			return Mono.error(TaxiiRefusal.unauthorized("unknown API key"));
		}
		Map<String, String> headers = new java.util.HashMap<>(publicUrl);
		headers.put(InternalIdentity.API_KEY_HEADER, presented);
		return Mono.just(new VerifiedCaller(this.tokens.tokenFor(KEY_SUBJECT, Set.of(Role.PARTNER)), headers));
	}

	private Mono<String> user(String token) {
		return this.userTokens.decode(token).map((jwt) -> {
			Set<Role> userRoles = EnumSet.noneOf(Role.class);
			this.roles.roles(jwt).stream().filter(Role::isUserRole).forEach(userRoles::add);
			if (userRoles.isEmpty()) {
				throw new TaxiiRefusal(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
						"the token carries no Caduceus role");
			}
			return this.tokens.tokenFor(jwt.getSubject(), userRoles);
		}).onErrorMap(JwtException.class, (ex) -> TaxiiRefusal.unauthorized("bearer token refused"));
	}

	private static String password(String basic) {
		try {
			String decoded = new String(Base64.getDecoder().decode(basic), StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			return (colon >= 0) ? decoded.substring(colon + 1) : decoded;
		}
		catch (IllegalArgumentException ex) {
			return "";
		}
	}

	private static ServerHttpRequest withBody(ServerWebExchange exchange, byte[] body) {
		ServerHttpRequest sized = exchange.getRequest().mutate().headers((headers) -> {
			headers.remove(HttpHeaders.TRANSFER_ENCODING);
			if (body.length > 0 || headers.getContentLength() >= 0) {
				headers.setContentLength(body.length);
			}
		}).build();
		return new ServerHttpRequestDecorator(sized) {
			@Override
			public Flux<DataBuffer> getBody() {
				return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(body)));
			}
		};
	}

	@Override
	public String name() {
		return "TaxiiIngress";
	}

}
