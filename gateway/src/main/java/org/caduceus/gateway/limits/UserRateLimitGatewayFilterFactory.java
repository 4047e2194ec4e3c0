package org.caduceus.gateway.limits;

import java.security.Principal;
import java.util.List;

import org.caduceus.web.limits.RateBuckets;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Limits each user (the authenticated principal; the client address when there is none)
 * to a sustained rate with a burst allowance, answering 429 with {@code Retry-After}.
 * Buckets live in this gateway's memory: with N gateway replicas a user gets up to N
 * times the rate, which the chart documents.
 */
@Component
public class UserRateLimitGatewayFilterFactory
		extends AbstractGatewayFilterFactory<UserRateLimitGatewayFilterFactory.Config> {

	private final RateBuckets buckets = new RateBuckets();

	public UserRateLimitGatewayFilterFactory() {
		super(Config.class);
	}

	@Override
	public List<String> shortcutFieldOrder() {
		return List.of("perSecond", "burst");
	}

	@Override
	public GatewayFilter apply(Config config) {
		return (exchange, chain) -> exchange.getPrincipal()
			.map(Principal::getName)
			.map((name) -> "user:" + name)
			.defaultIfEmpty(clientKey(exchange))
			.map((key) -> route(exchange) + "|" + key)
			.flatMap((key) -> {
				long retryAfter = take(key, config);
				if (retryAfter == 0) {
					return chain.filter(exchange);
				}
				return RateLimited.write(exchange, config.getPerSecond(), retryAfter);
			});
	}

	/**
	 * Each route's limit counts on its own: users and partner nodes do not share buckets.
	 */
	private static String route(org.springframework.web.server.ServerWebExchange exchange) {
		org.springframework.cloud.gateway.route.Route route = exchange
			.getAttribute(org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		return (route != null) ? route.getId() : "";
	}

	private long take(String key, Config config) {
		return this.buckets.take(key, config.getPerSecond(), config.getBurst());
	}

	private static String clientKey(ServerWebExchange exchange) {
		return "client:" + PreAuthenticationLimit.clientAddress(exchange);
	}

	/** Filter configuration. */
	public static class Config {

		private double perSecond = 50;

		private double burst = 100;

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
