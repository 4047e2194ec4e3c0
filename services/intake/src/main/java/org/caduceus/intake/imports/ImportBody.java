package org.caduceus.intake.imports;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the body of an import request: at most {@code caduceus.imports.max-bytes} (413
 * beyond), and JSON (400 otherwise). Parsing runs off the event loop: a bundle of
 * thousands of objects takes a while.
 */
@Component
public class ImportBody {

	private final JsonMapper json = JsonMapper.builder().build();

	private final int maxBytes;

	ImportBody(@Value("${caduceus.imports.max-bytes:16777216}") int maxBytes) {
		this.maxBytes = maxBytes;
	}

	public Mono<JsonNode> read(ServerWebExchange exchange) {
		return DataBufferUtils.join(exchange.getRequest().getBody(), this.maxBytes)
			.onErrorMap(DataBufferLimitException.class,
					(ex) -> new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE,
							"the body is larger than " + this.maxBytes + " bytes"))
			.switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST, "no body")))
			.publishOn(Schedulers.boundedElastic())
			.map((buffer) -> {
				try (var stream = buffer.asInputStream(true)) {
					return this.json.readTree(stream);
				}
				catch (JacksonException ex) {
					throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
							"the body is not JSON: " + ex.getOriginalMessage());
				}
				catch (java.io.IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			});
	}

}
