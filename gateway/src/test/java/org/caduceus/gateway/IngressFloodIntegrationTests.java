package org.caduceus.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.caduceus.federation.EnvelopeSigner;
import org.caduceus.federation.NodeKey;
import org.caduceus.gateway.limits.IngressBodies;
import org.caduceus.identity.Role;
import org.caduceus.identity.SigningKey;
import org.caduceus.identity.TokenMinter;
import org.caduceus.testsupport.TestMongo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many unauthenticated callers uploading large bodies at once cost the gateway nothing
 * but their headers: each is refused with 401 (TAXII errors on {@code /taxii2}, problem
 * details on federation) before a byte of its body is read, nothing reaches a service or
 * the nonce store, and the gateway goes on serving. What the gateway buffered is read
 * from its counter of body bytes read, not from timings.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMongo
class IngressFloodIntegrationTests {

	static final String NODE = "nl-flood";

	static final String TAXII = "application/taxii+json;version=2.1";

	static final int CALLERS = 40;

	/** Under every limit, so only authentication can refuse it. */
	static final byte[] LARGE = "x".repeat(900 * 1024).getBytes(StandardCharsets.US_ASCII);

	static final RecordingBackend backend = new RecordingBackend();

	static final SigningKey userKey = SigningKey.generate();

	static final Path keys = tempDir();

	@LocalServerPort
	int port;

	@Autowired
	IngressBodies bodies;

	@Autowired
	ReactiveMongoTemplate mongo;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		Files.writeString(keys.resolve("user-jwt.pub.pem"), userKey.publicKeyPem());
		registry.add("caduceus.node.id", () -> NODE);
		registry.add("spring.mongodb.database", () -> "ingress-flood-tests");
		registry.add("caduceus.auth.user-public-key", () -> keys.resolve("user-jwt.pub.pem").toString());
		registry.add("caduceus.gateway.identity-key.private", () -> keys.resolve("gw.key.pem").toString());
		registry.add("caduceus.gateway.identity-key.public", () -> keys.resolve("gw.pub.pem").toString());
		registry.add("caduceus.federation.signing-key", () -> keys.resolve("federation.key.pem").toString());
		registry.add("caduceus.federation.public-key", () -> keys.resolve("federation.pub.pem").toString());
		registry.add("caduceus.federation.public-url", () -> "https://nl.caduceus.example");
		registry.add("CADUCEUS_PARTNER_API_URL", backend::url);
		registry.add("CADUCEUS_ESCALATION_URL", backend::url);
		// this test is about what is read before authentication, not about the limit on
		// it
		registry.add("caduceus.gateway.pre-auth-rate.burst", () -> "1000");
	}

	@AfterAll
	static void stopBackend() {
		backend.close();
	}

	@BeforeEach
	void clean() {
		this.mongo.remove(new Query(), "nonces").block();
		backend.received().clear();
	}

	@Test
	void concurrentUnauthenticatedTaxiiUploadsAre401sBeforeTheirBodiesAreRead() {
		long readBefore = this.bodies.bytesRead();
		String[] credentials = { null, "Bearer not-a-token", "Digest realm=x",
				"Bearer " + new TokenMinter(SigningKey.generate(), "caduceus:" + NODE, "caduceus:" + NODE,
						Duration.ofHours(1), Clock.systemUTC())
					.mint("mallory", Set.of(Role.ADMIN)) };
		List<Answer> answers = Flux.range(0, CALLERS)
			.flatMap((i) -> post("/taxii2/api/collections/health-sector-green/objects/", TAXII,
					credentials[i % credentials.length], Map.of()), CALLERS)
			.collectList()
			.block(Duration.ofMinutes(2));
		assertThat(answers).hasSize(CALLERS)
			.allSatisfy((answer) -> assertThat(answer.status()).isEqualTo(401))
			.allSatisfy((answer) -> assertThat(answer.contentType()).startsWith("application/taxii+json"))
			.allSatisfy((answer) -> assertThat(answer.body()).contains("\"http_status\":\"401\""));
		assertThat(this.bodies.bytesRead() - readBefore).isZero();
		assertThat(backend.received()).isEmpty();
		stillServes();
	}

	@Test
	void concurrentUnsignedOrForgedFederationUploadsAre401sBeforeTheirBodiesAreRead() {
		long readBefore = this.bodies.bytesRead();
		NodeKey stranger = NodeKey.generate();
		Map<String, String> forged = EnvelopeSigner.ed25519("xx-unknown", stranger.privateKey(), Clock.systemUTC())
			.sign("POST", URI.create("https://nl.caduceus.example/federation/v1/escalations"), LARGE);
		List<Answer> answers = Flux.range(0, CALLERS)
			.flatMap((i) -> post("/federation/v1/escalations", MediaType.APPLICATION_JSON_VALUE, null,
					(i % 2 == 0) ? forged : Map.of()), CALLERS)
			.collectList()
			.block(Duration.ofMinutes(2));
		assertThat(answers).hasSize(CALLERS)
			.allSatisfy((answer) -> assertThat(answer.status()).isEqualTo(401))
			.allSatisfy((answer) -> assertThat(answer.contentType()).startsWith("application/problem+json"));
		assertThat(this.bodies.bytesRead() - readBefore).isZero();
		assertThat(backend.received()).isEmpty();
		assertThat(this.mongo.count(new Query(), "nonces").block()).isZero();
		stillServes();
	}

	/**
	 * Health answers, and an authenticated TAXII caller still gets through with its body.
	 */
	private void stillServes() {
		assertThat(client().get()
			.uri("/actuator/health/readiness")
			.retrieve()
			.toBodilessEntity()
			.block()
			.getStatusCode()
			.value()).isEqualTo(200);
		String user = "Bearer " + new TokenMinter(userKey, "caduceus:" + NODE, "caduceus:" + NODE, Duration.ofHours(1),
				Clock.systemUTC())
			.mint("carol", Set.of(Role.COORDINATOR));
		long readBefore = this.bodies.bytesRead();
		Answer answer = post("/taxii2/api/collections/health-sector-green/objects/", TAXII, user, Map.of()).block();
		assertThat(answer.status()).isEqualTo(200);
		assertThat(this.bodies.bytesRead() - readBefore).isEqualTo(LARGE.length);
		assertThat(backend.last().bodyBytes()).isEqualTo(LARGE.length);
	}

	private Mono<Answer> post(String path, String contentType, String authorization, Map<String, String> headers) {
		return client().post().uri(path).headers((h) -> {
			h.set("Accept", TAXII);
			h.set("Content-Type", contentType);
			if (authorization != null) {
				h.set("Authorization", authorization);
			}
			headers.forEach(h::set);
		})
			.bodyValue(LARGE)
			.exchangeToMono((response) -> response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.map((body) -> new Answer(response.statusCode().value(),
						response.headers().contentType().map(MediaType::toString).orElse(""), body)));
	}

	private WebClient client() {
		return WebClient.create("http://127.0.0.1:" + this.port);
	}

	private record Answer(int status, String contentType, String body) {
	}

	private static Path tempDir() {
		try {
			return Files.createTempDirectory("caduceus-ingress-flood-test");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
