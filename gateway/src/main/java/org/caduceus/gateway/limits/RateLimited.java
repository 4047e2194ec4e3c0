package org.caduceus.gateway.limits;

import org.caduceus.web.problem.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The 429 problem every rate limit answers with, {@code Retry-After} in whole seconds.
 */
public final class RateLimited {

	private RateLimited() {
	}

	public static Mono<Void> write(ServerWebExchange exchange, double perSecond, long retryAfter) {
		exchange.getResponse().getHeaders().set("Retry-After", Long.toString(retryAfter));
		ProblemDetail problem = Problems.of(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
				"More than " + perSecond + " requests per second; retry after " + retryAfter + " s");
		return Problems.write(exchange, problem);
	}

}
