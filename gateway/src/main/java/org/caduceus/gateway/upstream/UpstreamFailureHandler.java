package org.caduceus.gateway.upstream;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ConnectTimeoutException;
import org.caduceus.web.problem.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * A service that is down or slow is the node's problem, not the caller's: 503 when it
 * cannot be reached, 502 when it went away while answering (a crash, a kill: the request
 * may or may not have been carried out), 504 when it does not answer in time, as problem
 * details.
 */
@Component
@Order(-3)
class UpstreamFailureHandler implements WebExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(UpstreamFailureHandler.class);

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (ex instanceof ConnectException || ex instanceof ConnectTimeoutException) {
			log.warn("service unreachable for {}: {}", exchange.getRequest().getPath(), ex.getMessage());
			// a service restarting is back within seconds
			exchange.getResponse()
				.getHeaders()
				.set(HttpHeaders.RETRY_AFTER, Long.toString(Problems.RETRY_SOON.toSeconds()));
			return Problems.write(exchange, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable",
					"Service unavailable", "The service behind this path is not reachable; try again shortly"));
		}
		if (ex instanceof TimeoutException || ex.getClass().getSimpleName().contains("Timeout")) {
			log.warn("service timed out for {}: {}", exchange.getRequest().getPath(), ex.getMessage());
			return Problems.write(exchange, Problems.of(HttpStatus.GATEWAY_TIMEOUT, "service-timeout",
					"Service timed out", "The service behind this path did not answer in time"));
		}
		// the connection to the service broke after the request went out: closed
		// prematurely, reset by a process that died (the client's own connection
		// breaking leaves nothing to answer)
		if (ex instanceof IOException) {
			log.warn("service closed the connection for {}: {}", exchange.getRequest().getPath(), ex.getMessage());
			return Problems.write(exchange,
					Problems.of(HttpStatus.BAD_GATEWAY, "service-failed", "Service failed",
							"The service behind this path stopped while answering; the request may or may not have "
									+ "been carried out: check before you repeat it"));
		}
		return Mono.error(ex);
	}

}
