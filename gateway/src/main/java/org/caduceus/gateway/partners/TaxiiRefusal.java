package org.caduceus.gateway.partners;

import java.nio.charset.StandardCharsets;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A TAXII request the gateway refuses before it reaches the partner API, answered in the
 * TAXII error format ({@code title}, {@code description}, {@code error_code},
 * {@code http_status}), as the partner API answers its own refusals.
 */
final class TaxiiRefusal extends RuntimeException {

	static final MediaType TAXII = MediaType.parseMediaType("application/taxii+json;version=2.1");

	private static final long serialVersionUID = 1L;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpStatus status;

	private final String code;

	private final String title;

	TaxiiRefusal(HttpStatus status, String code, String title, String description) {
		super(description);
		this.status = status;
		this.code = code;
		this.title = title;
	}

	static TaxiiRefusal unauthorized(String description) {
		return new TaxiiRefusal(HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required", description);
	}

	static TaxiiRefusal tooLarge(int maxContentLength) {
		return new TaxiiRefusal(HttpStatus.CONTENT_TOO_LARGE, "too-large", "Content too large",
				"the body is larger than max_content_length (" + maxContentLength + " bytes)");
	}

	static TaxiiRefusal tooManyRequests(double perSecond, long retryAfter) {
		return new TaxiiRefusal(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests", "Too many requests",
				"more than " + perSecond + " unauthenticated requests per second from this address; retry after "
						+ retryAfter + " s");
	}

	HttpStatus status() {
		return this.status;
	}

	Mono<Void> write(ServerWebExchange exchange) {
		ObjectNode node = JSON.createObjectNode();
		node.put("title", this.title);
		node.put("description", getMessage());
		node.put("error_code", this.code);
		node.put("http_status", String.valueOf(this.status.value()));
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(this.status);
		response.getHeaders().setContentType(TAXII);
		if (this.status == HttpStatus.UNAUTHORIZED) {
			response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Caduceus TAXII\", Bearer");
		}
		DataBuffer body = response.bufferFactory().wrap(node.toString().getBytes(StandardCharsets.UTF_8));
		return response.writeWith(Mono.just(body));
	}

}
