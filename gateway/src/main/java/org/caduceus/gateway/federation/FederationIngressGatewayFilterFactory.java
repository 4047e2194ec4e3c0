package org.caduceus.gateway.federation;

import java.util.Set;

import org.caduceus.federation.SignatureRejected;
import org.caduceus.gateway.auth.IdentityRelayGatewayFilterFactory;
import org.caduceus.gateway.auth.IdentityTokens;
import org.caduceus.identity.Role;
import org.caduceus.web.problem.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;

/**
 * Guards {@code /federation/v1/**}: the whole body is read (within the body limit), the
 * RFC 9421 signature is verified against the pinned key of the peer it names, and only
 * then is the request passed on, as that peer: the caller's identity headers are replaced
 * by a gateway-signed identity token with the {@code peer} role. A refused request never
 * reaches a service.
 */
@Component
public class FederationIngressGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

	/** After the default filters (rate and body limits, identity relay). */
	static final int ORDER = 100;

	private static final Logger log = LoggerFactory.getLogger(FederationIngressGatewayFilterFactory.class);

	private final SignedRequests signatures;

	private final IdentityTokens tokens;

	public FederationIngressGatewayFilterFactory(SignedRequests signatures, IdentityTokens tokens) {
		this.signatures = signatures;
		this.tokens = tokens;
	}

	@Override
	public GatewayFilter apply(Object config) {
		return new OrderedGatewayFilter((exchange, chain) -> DataBufferUtils.join(exchange.getRequest().getBody())
			.map(FederationIngressGatewayFilterFactory::bytes)
			.defaultIfEmpty(new byte[0])
			.flatMap((body) -> this.signatures.verify(exchange.getRequest(), body).flatMap((verified) -> {
				String token = this.tokens.tokenFor(verified.keyId(), Set.of(Role.PEER));
				return chain.filter(exchange.mutate().request(asPeer(exchange, body, token)).build());
			}))
			.onErrorResume(SignatureRejected.class, (ex) -> {
				log.info("federation request {} {} refused: {} ({})", exchange.getRequest().getMethod(),
						exchange.getRequest().getPath(), ex.reason(), ex.getMessage());
				return Problems.write(exchange, Problems.of(HttpStatusCode.valueOf(ex.status()), ex.reason(),
						"Signature refused", ex.getMessage()));
			}), ORDER);
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

	private static byte[] bytes(DataBuffer buffer) {
		byte[] bytes = new byte[buffer.readableByteCount()];
		buffer.read(bytes);
		DataBufferUtils.release(buffer);
		return bytes;
	}

	@Override
	public String name() {
		return "FederationIngress";
	}

}
