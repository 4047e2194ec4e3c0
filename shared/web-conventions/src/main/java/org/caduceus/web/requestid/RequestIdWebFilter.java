package org.caduceus.web.requestid;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Assigns the request id before anything else runs, echoes it in the response, puts it in
 * the Reactor context (and so, through context propagation, in the logging MDC), and
 * writes one access line per request. The access line holds the method, the path without
 * its query (queries may carry observables or names), the status and the duration.
 */
@SuppressWarnings("try")
public class RequestIdWebFilter implements WebFilter, Ordered {

	/** Runs first, so that even an early rejection carries the id. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

	private static final Logger access = LoggerFactory.getLogger("caduceus.access");

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String id = RequestIds.acceptOrGenerate(exchange.getRequest().getHeaders().getFirst(RequestIds.HEADER));
		exchange.getAttributes().put(RequestIds.ATTRIBUTE, id);
		exchange.getResponse().getHeaders().set(RequestIds.HEADER, id);
		ServerHttpRequest request = exchange.getRequest()
			.mutate()
			.headers((headers) -> headers.set(RequestIds.HEADER, id))
			.build();
		long start = System.nanoTime();
		return chain.filter(exchange.mutate().request(request).build())
			.doFinally((signal) -> logAccess(exchange, id, start))
			.contextWrite(Context.of(RequestIds.KEY, id));
	}

	private static void logAccess(ServerWebExchange exchange, String id, long start) {
		if (!access.isInfoEnabled()) {
			return;
		}
		try (MDC.MDCCloseable ignored = MDC.putCloseable(RequestIds.KEY, id)) {
			var status = exchange.getResponse().getStatusCode();
			access.info("{} {} {} {}ms", exchange.getRequest().getMethod(), exchange.getRequest().getPath().value(),
					(status != null) ? status.value() : 0, (System.nanoTime() - start) / 1_000_000);
		}
	}

}
