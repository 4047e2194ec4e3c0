package org.caduceus.web.problem;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.caduceus.web.requestid.RequestIds;
import org.caduceus.web.store.StoreFailure;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * The last line: whatever escaped controllers and filters becomes a problem+json
 * response. Runs before Spring Boot's default handler (order -1), which would render its
 * own error format. Server errors are logged with the request id; the client never sees a
 * stack trace or an exception message it could learn internals from.
 *
 * <p>
 * A store that refused a write for lack of disk space is answered 507, a store that
 * cannot be reached 503, both with {@code Retry-After} ({@link StoreProblems}), wherever
 * the failure arose: in a controller (no {@code @ExceptionHandler} of a
 * {@link ProblemDetailsAdvice} takes it, so it comes here), a filter or a handler
 * function. They are logged as one line with the request id, without a stack trace: they
 * say what is wrong with the store, not with the code. Another service of the node that
 * gave no answer, or a 5xx, is a 503 {@code service-unavailable} with {@code Retry-After}
 * the same way (the fault-injection suite found contacts answering 500 while its
 * gateway's store restarted).
 */
@Order(-2)
@SuppressWarnings("try")
public class ProblemWebExceptionHandler implements WebExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemWebExceptionHandler.class);

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(ex);
		}
		ProblemDetail problem;
		StoreFailure store = StoreFailure.of(ex);
		if (ex instanceof ErrorResponse errorResponse && errorResponse.getStatusCode().is4xxClientError()) {
			HttpStatusCode status = errorResponse.getStatusCode();
			problem = Problems.of(status, slug(status), reason(status), errorResponse.getBody().getDetail());
		}
		else if (store != null) {
			problem = StoreProblems.problem(store);
			try (MDC.MDCCloseable id = MDC.putCloseable(RequestIds.KEY, String.valueOf(RequestIds.of(exchange)))) {
				log.warn("{} {} answered {}: the store {} ({}: {})", exchange.getRequest().getMethod(),
						exchange.getRequest().getPath(), problem.getStatus(), (store == StoreFailure.OUT_OF_SPACE)
								? "refused a write for lack of disk space" : "could not be reached",
						ex.getClass().getSimpleName(), ex.getMessage());
			}
			exchange.getResponse()
				.getHeaders()
				.set(HttpHeaders.RETRY_AFTER, Long.toString(StoreProblems.retryAfter(store).toSeconds()));
		}
		else if (neighbourCannotAnswer(ex)) {
			// another service of this node (intake, the gateway's internal API) gave no
			// answer or a 5xx of its own: restarting, its store down; back within seconds
			problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", "Service unavailable",
					"A service of this node that the request needs cannot answer now; try again in a few seconds");
			try (MDC.MDCCloseable id = MDC.putCloseable(RequestIds.KEY, String.valueOf(RequestIds.of(exchange)))) {
				log.warn("{} {} answered 503: a service of this node could not answer ({}: {})",
						exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
						ex.getClass().getSimpleName(), ex.getMessage());
			}
			exchange.getResponse()
				.getHeaders()
				.set(HttpHeaders.RETRY_AFTER, Long.toString(Problems.RETRY_SOON.toSeconds()));
		}
		else {
			// exception handlers run outside the request's Reactor context: set the id
			// here
			try (MDC.MDCCloseable id = MDC.putCloseable(RequestIds.KEY, String.valueOf(RequestIds.of(exchange)))) {
				log.error("unhandled error on {} {}", exchange.getRequest().getMethod(),
						exchange.getRequest().getPath(), ex);
			}
			problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
					"The request failed on the server; quote the requestId to the node's operator.");
		}
		return Problems.write(exchange, problem);
	}

	/**
	 * A call of this service to another of its node failed without a word from it (no
	 * connection, gone mid-request) or with a server error of its own.
	 */
	static boolean neighbourCannotAnswer(Throwable ex) {
		return ex instanceof WebClientRequestException
				|| (ex instanceof WebClientResponseException answer && answer.getStatusCode().is5xxServerError());
	}

	static String slug(HttpStatusCode status) {
		return switch (status.value()) {
			case 400 -> "bad-request";
			case 401 -> "unauthenticated";
			case 403 -> "forbidden";
			case 404 -> "not-found";
			case 405 -> "method-not-allowed";
			case 406 -> "not-acceptable";
			case 413 -> "payload-too-large";
			case 415 -> "unsupported-media-type";
			case 429 -> "rate-limited";
			default -> "http-" + status.value();
		};
	}

	static String reason(HttpStatusCode status) {
		HttpStatus known = HttpStatus.resolve(status.value());
		return (known != null) ? known.getReasonPhrase() : "Error " + status.value();
	}

}
