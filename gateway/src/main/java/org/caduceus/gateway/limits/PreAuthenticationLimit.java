package org.caduceus.gateway.limits;

import org.caduceus.web.limits.RateBuckets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * A small rate limit per client address for the routes whose callers the gateway
 * authenticates itself (TAXII and federation), taken before any credential is checked: a
 * client that keeps failing to authenticate is refused with 429 before the gateway
 * verifies another signature or token for it. A request that authenticates gives its
 * token back, so only refusals count and callers that authenticate are never slowed by
 * others behind the same address (an ingress); they have their own limits once known.
 */
@Component
public class PreAuthenticationLimit {

	private final RateBuckets buckets = new RateBuckets();

	private final double perSecond;

	private final double burst;

	PreAuthenticationLimit(@Value("${caduceus.gateway.pre-auth-rate.per-second:5}") double perSecond,
			@Value("${caduceus.gateway.pre-auth-rate.burst:20}") double burst) {
		this.perSecond = perSecond;
		this.burst = burst;
	}

	/**
	 * @return 0 when the client may be authenticated, else the whole seconds until it may
	 */
	public long take(ServerWebExchange exchange) {
		return this.buckets.take(clientAddress(exchange), this.perSecond, this.burst);
	}

	/** The request authenticated: its client keeps its token. */
	public void authenticated(ServerWebExchange exchange) {
		this.buckets.refund(clientAddress(exchange));
	}

	public double perSecond() {
		return this.perSecond;
	}

	static String clientAddress(ServerWebExchange exchange) {
		var address = exchange.getRequest().getRemoteAddress();
		return (address != null && address.getAddress() != null) ? address.getAddress().getHostAddress() : "unknown";
	}

}
