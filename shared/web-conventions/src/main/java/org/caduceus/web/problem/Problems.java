package org.caduceus.web.problem;

import java.time.Duration;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.caduceus.web.requestid.RequestIds;

/**
 * Builds and writes problem details. Every problem has a stable {@code type} URI
 * ({@code urn:caduceus:problem:<slug>}), the request path as {@code instance} and the
 * request id, so an analyst can quote one line to an operator.
 */
public final class Problems {

	/** Prefix of every problem type URI. */
	public static final String TYPE_PREFIX = "urn:caduceus:problem:";

	/**
	 * The {@code Retry-After} of a 503 for a part of the node that cannot answer now (a
	 * service or the store restarting, failing over): back within seconds.
	 */
	public static final Duration RETRY_SOON = Duration.ofSeconds(5);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Problems() {
	}

	/**
	 * @param status the HTTP status
	 * @param slug the stable error name, e.g. {@code rate-limited}
	 * @param title a short summary that does not change between occurrences
	 * @param detail this occurrence, in words an analyst understands
	 */
	public static ProblemDetail of(HttpStatusCode status, String slug, String title, @Nullable String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_PREFIX + slug));
		problem.setTitle(title);
		return problem;
	}

	/**
	 * Adds {@code instance} and {@code requestId} from the exchange, when not set yet.
	 */
	public static ProblemDetail describe(ProblemDetail problem, ServerWebExchange exchange) {
		if (problem.getInstance() == null) {
			problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		}
		String requestId = RequestIds.of(exchange);
		if (requestId != null) {
			problem.setProperty("requestId", requestId);
		}
		return problem;
	}

	/**
	 * Completes the response with {@code problem} as {@code application/problem+json}.
	 * For filters and handlers that run outside controllers.
	 */
	public static Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem) {
		describe(problem, exchange);
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.empty();
		}
		response.setStatusCode(HttpStatusCode.valueOf(problem.getStatus()));
		HttpHeaders headers = response.getHeaders();
		headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		headers.setCacheControl("no-store");
		byte[] body = JSON.writeValueAsBytes(toMap(problem));
		headers.setContentLength(body.length);
		DataBuffer buffer = response.bufferFactory().wrap(body);
		return response.writeWith(Mono.just(buffer));
	}

	static Map<String, @Nullable Object> toMap(ProblemDetail problem) {
		Map<String, @Nullable Object> map = new LinkedHashMap<>();
		map.put("type", problem.getType().toString());
		map.put("title", problem.getTitle());
		map.put("status", problem.getStatus());
		if (problem.getDetail() != null) {
			map.put("detail", problem.getDetail());
		}
		if (problem.getInstance() != null) {
			map.put("instance", problem.getInstance().toString());
		}
		if (problem.getProperties() != null) {
			map.putAll(problem.getProperties());
		}
		return map;
	}

}
