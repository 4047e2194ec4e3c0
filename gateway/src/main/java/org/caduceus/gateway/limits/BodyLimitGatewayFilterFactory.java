package org.caduceus.gateway.limits;

import org.caduceus.web.problem.Problems;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;

/**
 * Refuses request bodies over a size with 413. A declared {@code Content-Length} over the
 * limit is refused before anything is read; a chunked body is counted as it streams and
 * cut off at the limit, so no service ever receives more than the limit. A route may
 * raise its own limit with the metadata {@code max-body} (bulk imports do).
 */
@Component
public class BodyLimitGatewayFilterFactory extends AbstractGatewayFilterFactory<BodyLimitGatewayFilterFactory.Config> {

	public BodyLimitGatewayFilterFactory() {
		super(Config.class);
	}

	@Override
	public java.util.List<String> shortcutFieldOrder() {
		return java.util.List.of("maxSize");
	}

	@Override
	public GatewayFilter apply(Config config) {
		long defaultMax = config.getMaxSize().toBytes();
		return (exchange, chain) -> {
			long max = routeLimit(exchange, defaultMax);
			ServerHttpRequest request = exchange.getRequest();
			long declared = request.getHeaders().getContentLength();
			if (declared > max) {
				return Problems.write(exchange, tooLarge(max));
			}
			if (declared >= 0) {
				return chain.filter(exchange);
			}
			ServerHttpRequest counted = new ServerHttpRequestDecorator(request) {
				@Override
				public Flux<DataBuffer> getBody() {
					long[] seen = { 0 };
					return super.getBody().doOnNext((buffer) -> {
						seen[0] += buffer.readableByteCount();
						if (seen[0] > max) {
							throw new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE,
									"The request body is larger than " + max + " bytes");
						}
					});
				}
			};
			return chain.filter(exchange.mutate().request(counted).build());
		};
	}

	private static long routeLimit(org.springframework.web.server.ServerWebExchange exchange, long fallback) {
		org.springframework.cloud.gateway.route.Route route = exchange
			.getAttribute(org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		Object own = (route != null) ? route.getMetadata().get("max-body") : null;
		return (own != null) ? DataSize.parse(own.toString()).toBytes() : fallback;
	}

	private static org.springframework.http.ProblemDetail tooLarge(long max) {
		return Problems.of(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Request body too large",
				"The request body is larger than " + max + " bytes");
	}

	/** Filter configuration. */
	public static class Config {

		private DataSize maxSize = DataSize.ofMegabytes(1);

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

	}

}
