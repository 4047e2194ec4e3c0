package org.caduceus.web.problem;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.bson.Document;
import org.caduceus.embeddedmongo.EmbeddedMongo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service on a real store (the embedded one, over the real driver and Spring Data): a
 * store that refuses writes for lack of disk space (a reserve larger than any disk) makes
 * a write 507, and a store that is stopped makes any request 503 within seconds, both as
 * problem+json with {@code Retry-After} and no word of the store's own message; from a
 * controller that has a {@link ProblemDetailsAdvice}, and from a handler function, which
 * has none.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		classes = StoreProblemsIntegrationTests.Service.class)
@AutoConfigureWebTestClient(timeout = "30s")
class StoreProblemsIntegrationTests {

	/** A reserve no disk has: the store refuses every write with OutOfDiskSpace. */
	private static final long NO_DISK_IS_THAT_LARGE = 1L << 50;

	private static final int PORT = freePort();

	private static final Path DATA = tempDir();

	private static EmbeddedMongo store;

	@Autowired
	WebTestClient client;

	@DynamicPropertySource
	static void store(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> "mongodb://127.0.0.1:" + PORT + "/problems");
	}

	@BeforeEach
	void storeRunsButRefusesWrites() {
		if (store == null) {
			store = EmbeddedMongo.start(DATA, "127.0.0.1", PORT, NO_DISK_IS_THAT_LARGE);
		}
	}

	@AfterAll
	static void stopStore() {
		if (store != null) {
			store.close();
			store = null;
		}
	}

	@Test
	void aWriteTheStoreRefusesForLackOfDiskSpaceIs507AndReadsStillWork() {
		EntityExchangeResult<String> fromController = this.client.post()
			.uri("/incidents")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("_id", "i-1", "title", "ransomware at a hospital"))
			.exchange()
			.expectStatus()
			.isEqualTo(507)
			.expectBody(String.class)
			.returnResult();
		assertStoreProblem(fromController, "insufficient-storage", 507, "60");
		assertThat(fromController.getResponseBody()).contains("this change was not saved");

		EntityExchangeResult<String> fromFunction = this.client.post()
			.uri("/functional/notes")
			.exchange()
			.expectStatus()
			.isEqualTo(507)
			.expectBody(String.class)
			.returnResult();
		assertStoreProblem(fromFunction, "insufficient-storage", 507, "60");

		this.client.get().uri("/incidents/i-1").exchange().expectStatus().isOk().expectBody().isEmpty();
	}

	@Test
	void aStoreThatIsDownIs503WithinSeconds() {
		stopStore();
		long started = System.nanoTime();
		// both at once: each waits the client's server selection out
		ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
		CompletableFuture<EntityExchangeResult<String>> fromController = CompletableFuture
			.supplyAsync(() -> this.client.get()
				.uri("/incidents/i-1")
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectBody(String.class)
				.returnResult(), requests);
		CompletableFuture<EntityExchangeResult<String>> fromFunction = CompletableFuture
			.supplyAsync(() -> this.client.post()
				.uri("/functional/notes")
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectBody(String.class)
				.returnResult(), requests);
		requests.close();
		assertStoreProblem(fromController.join(), "store-unavailable", 503, "5");
		assertStoreProblem(fromFunction.join(), "store-unavailable", 503, "5");
		assertThat(Duration.ofNanos(System.nanoTime() - started))
			.as("the client's 3 s server selection, not the driver's 30 s")
			.isLessThan(Duration.ofSeconds(10));
	}

	private static void assertStoreProblem(EntityExchangeResult<String> result, String slug, int status,
			String retryAfter) {
		HttpHeaders headers = result.getResponseHeaders();
		assertThat(headers.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(headers.getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo(retryAfter);
		String body = result.getResponseBody();
		assertThat(body).contains("\"type\":\"urn:caduceus:problem:" + slug + "\"")
			.contains("\"status\":" + status)
			.contains("\"requestId\":");
		// nothing of the store's own answer: codes, paths, hosts, free space, classes, a
		// stack trace
		assertThat(body).doesNotContain("14031", "OutOfDiskSpace", "MiB", DATA.toString(), "127.0.0.1",
				Integer.toString(PORT), "Exception", "mongo", "Mongo", "\tat ", "trace");
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Path tempDir() {
		try {
			Path dir = Files.createTempDirectory("store-problems");
			dir.toFile().deleteOnExit();
			return dir;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ Incidents.class, IncidentProblems.class })
	static class Service {

		@Bean
		SecurityWebFilterChain open(ServerHttpSecurity http) {
			return http.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll())
				.csrf(ServerHttpSecurity.CsrfSpec::disable)
				.build();
		}

		/** A handler function: no controller advice sees its errors. */
		@Bean
		RouterFunction<ServerResponse> notes(ReactiveMongoTemplate mongo) {
			return RouterFunctions.route()
				.POST("/functional/notes",
						(request) -> mongo.insert(new Document("text", "a note"), "notes")
							.then(ServerResponse.noContent().build()))
				.build();
		}

	}

	@RestController
	static class Incidents {

		private final ReactiveMongoTemplate mongo;

		Incidents(ReactiveMongoTemplate mongo) {
			this.mongo = mongo;
		}

		@PostMapping("/incidents")
		Mono<Document> file(@RequestBody Map<String, Object> incident) {
			return this.mongo.insert(new Document(incident), "incidents");
		}

		@GetMapping("/incidents/{id}")
		Mono<Document> find(@PathVariable String id) {
			return this.mongo.findById(id, Document.class, "incidents");
		}

	}

	/** A service's advice, as each service has one. */
	@RestControllerAdvice
	static class IncidentProblems extends ProblemDetailsAdvice {

	}

}
