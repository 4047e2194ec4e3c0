package org.caduceus.web.problem;

import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service's call to another service of its node (intake, the gateway's internal API)
 * that got no answer, or a 5xx, is the node unable now: 503 with {@code Retry-After},
 * nothing of the neighbour's address or the cause in the answer. Anything else from a
 * neighbour stays a server error.
 */
class NeighbourProblemsTests {

	@Test
	void anotherServiceOfTheNodeThatGaveNoAnswerOrA5xxIsA503WithRetryAfter() {
		List<Throwable> failures = List.of(
				new WebClientRequestException(new ConnectException("Connection refused: /127.0.0.1:8081"),
						HttpMethod.GET, URI.create("http://127.0.0.1:8080/internal/federation/peers/demo-nl"),
						new HttpHeaders()),
				WebClientResponseException.create(503, "Service Unavailable", new HttpHeaders(),
						"{\"detail\":\"store at 127.0.0.1:8084\"}".getBytes(StandardCharsets.UTF_8),
						StandardCharsets.UTF_8));
		for (Throwable failure : failures) {
			MockServerWebExchange exchange = MockServerWebExchange
				.from(MockServerHttpRequest.post("/api/v1/contacts/exchanges"));
			new ProblemWebExceptionHandler().handle(exchange, failure).block();
			assertThat(exchange.getResponse().getStatusCode().value()).as(failure.toString()).isEqualTo(503);
			assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
			assertThat(exchange.getResponse().getHeaders().getContentType()).hasToString("application/problem+json");
			assertThat(exchange.getResponse().getBodyAsString().block())
				.contains("urn:caduceus:problem:service-unavailable")
				.doesNotContain("127.0.0.1")
				.doesNotContain("Exception")
				.doesNotContain("refused");
		}
	}

	@Test
	void aNeighboursRefusalIsThisServicesOwnFaultAndStaysA500() {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.post("/api/v1/contacts/exchanges"));
		new ProblemWebExceptionHandler()
			.handle(exchange,
					WebClientResponseException.create(401, "Unauthorized", new HttpHeaders(), new byte[0],
							StandardCharsets.UTF_8))
			.block();
		assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(500);
		assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNull();
		assertThat(exchange.getResponse().getBodyAsString().block()).contains("urn:caduceus:problem:internal-error");
	}

}
