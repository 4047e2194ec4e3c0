package org.caduceus.gateway.federation;

import java.util.List;
import java.util.Set;

import org.caduceus.federation.EnvelopeVerifier;
import org.caduceus.federation.SignatureRejected;
import org.caduceus.gateway.auth.IdentityRelayGatewayFilterFactory;
import org.caduceus.gateway.auth.IdentityTokens;
import org.caduceus.gateway.limits.IngressBodies;
import org.caduceus.gateway.limits.PreAuthenticationLimit;
import org.caduceus.web.limits.RateBuckets;
import org.caduceus.gateway.limits.RateLimited;
import org.caduceus.identity.Role;
import org.caduceus.web.problem.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Guards {@code /federation/v1/**}. Before anything is read: the client's
 * pre-authentication limit ({@link PreAuthenticationLimit}), then the RFC 9421 signed
 * headers against the pinned key of the peer they name; then the peer's own rate limit,
 * keyed by its verified key id (so peers behind one address do not share a bucket and
 * nobody can drain a peer's); only then is the body read (within the body limit), checked
 * against the signed digest and the nonce recorded, and the request passed on as that
 * peer: the caller's identity headers are replaced by a gateway-signed identity token
 * with the {@code peer} role. A refused request never reaches a service.
 */
@Component
public class FederationIngressGatewayFilterFactory
		extends AbstractGatewayFilterFactory<FederationIngressGatewayFilterFactory.Config> {

	/** After the default filters (body limit, identity relay). */
	static final int ORDER = 100;

	private static final Logger log = LoggerFactory.getLogger(FederationIngressGatewayFilterFactory.class);

	private final SignedRequests signatures;

	private final IdentityTokens tokens;

	private final PreAuthenticationLimit preAuthentication;

	private final IngressBodies bodies;

	private final RateBuckets peerBuckets = new RateBuckets();

	public FederationIngressGatewayFilterFactory(SignedRequests signatures, IdentityTokens tokens,
			PreAuthenticationLimit preAuthentication, IngressBodies bodies) {
		super(Config.class);
		this.signatures = signatures;
		this.tokens = tokens;
		this.preAuthentication = preAuthentication;
		this.bodies = bodies;
	}

	@Override
	public List<String> shortcutFieldOrder() {
		return List.of("perSecond", "burst");
	}

	@Override
	public GatewayFilter apply(Config config) {
		return new OrderedGatewayFilter((exchange, chain) -> {
			long wait = this.preAuthentication.take(exchange);
			if (wait > 0) {
				return RateLimited.write(exchange, this.preAuthentication.perSecond(), wait);
			}
			return this.signatures.verifyHeaders(exchange.getRequest())
				.flatMap((signed) -> asPeer(exchange, chain, config, signed))
				.onErrorResume(SignatureRejected.class, (ex) -> {
					log.info("federation request {} {} refused: {} ({})", exchange.getRequest().getMethod(),
							exchange.getRequest().getPath(), ex.reason(), ex.getMessage());
					return Problems.write(exchange, Problems.of(HttpStatusCode.valueOf(ex.status()), ex.reason(),
							"Signature refused", ex.getMessage()));
				});
		}, ORDER);
	}

	private Mono<Void> asPeer(ServerWebExchange exchange, GatewayFilterChain chain, Config config,
			EnvelopeVerifier.SignedHeaders signed) {
		this.preAuthentication.authenticated(exchange);
		long wait = this.peerBuckets.take(route(exchange) + "|peer:" + signed.keyId(), config.getPerSecond(),
				config.getBurst());
		if (wait > 0) {
			return RateLimited.write(exchange, config.getPerSecond(), wait);
		}
		return this.bodies.read(exchange.getRequest(), -1)
			.flatMap((body) -> this.signatures.verifyBody(signed, body).flatMap((verified) -> {
				String token = this.tokens.tokenFor(verified.keyId(), Set.of(Role.PEER));
				return chain.filter(exchange.mutate().request(asPeer(exchange, body, token)).build());
			}));
	}

	private static ServerHttpRequest asPeer(ServerWebExchange exchange, byte[] body, String token) {
		ServerHttpRequest stripped = exchange.getRequest().mutate().headers((headers) -> {
			IdentityRelayGatewayFilterFactory.IDENTITY_HEADERS.forEach(headers::remove);
			headers.setBearerAuth(token);
			headers.remove(HttpHeaders.TRANSFER_ENCODING);
			headers.setContentLength(body.length);
		}).build();
		return new ServerHttpRequestDecorator(stripped) {
			@Override
			public Flux<DataBuffer> getBody() {
				return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(body)));
			}
		};
	}

	/** Each route's limit counts on its own. */
	private static String route(ServerWebExchange exchange) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		return (route != null) ? route.getId() : "";
	}

	@Override
	public String name() {
		return "FederationIngress";
	}

	/** A peer's rate limit, by its verified key id. */
	public static class Config {

		private double perSecond = 500;

		private double burst = 1000;

		public double getPerSecond() {
			return this.perSecond;
		}

		public void setPerSecond(double perSecond) {
			this.perSecond = perSecond;
		}

		public double getBurst() {
			return this.burst;
		}

		public void setBurst(double burst) {
			this.burst = burst;
		}

	}

}
