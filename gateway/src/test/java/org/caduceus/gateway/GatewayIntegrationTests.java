package org.caduceus.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Set;

import org.caduceus.identity.InternalIdentity;
import org.caduceus.identity.Role;
import org.caduceus.identity.SigningKey;
import org.caduceus.identity.TokenMinter;
import org.caduceus.web.security.PinnedKeyJwtDecoders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;

// logging levels must be known before the context starts, so not a dynamic property
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "logging.level.caduceus.access=INFO")
@AutoConfigureWebTestClient(timeout = "PT30S")
@org.caduceus.testsupport.TestMongo
@ExtendWith(OutputCaptureExtension.class)
class GatewayIntegrationTests {

	static final String NODE = "gw-test";

	static final RecordingBackend backend = new RecordingBackend();

	static final DroppingBackend dying = new DroppingBackend();

	static final SigningKey userKey = SigningKey.generate();

	static final Path keys = tempDir();

	@Autowired
	WebTestClient web;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		Path userPublic = keys.resolve("user-jwt.pub.pem");
		Files.writeString(userPublic, userKey.publicKeyPem());
		registry.add("caduceus.node.id", () -> NODE);
		registry.add("caduceus.auth.user-public-key", userPublic::toString);
		registry.add("caduceus.gateway.identity-key.private", () -> keys.resolve("gateway.key.pem").toString());
		registry.add("caduceus.gateway.identity-key.public", () -> keys.resolve("gateway.pub.pem").toString());
		registry.add("caduceus.federation.signing-key", () -> keys.resolve("federation.key.pem").toString());
		registry.add("caduceus.federation.public-key", () -> keys.resolve("federation.pub.pem").toString());
		registry.add("caduceus.federation.service-keys.escalation",
				() -> keys.resolve("service-escalation.pub.pem").toString());
		registry.add("CADUCEUS_INTAKE_URL", backend::url);
		registry.add("CADUCEUS_ESCALATION_URL", backend::url);
		registry.add("CADUCEUS_CONSOLE_URL", backend::url);
		// nothing listens there: the contacts route stands for a service that is down
		registry.add("CADUCEUS_CONTACTS_URL", () -> "http://127.0.0.1:9");
		// and the partner-api route for one that dies while it answers
		registry.add("CADUCEUS_PARTNER_API_URL", dying::url);
		registry.add("CADUCEUS_MAX_BODY", () -> "1KB");
		registry.add("CADUCEUS_RATE_PER_SECOND", () -> "5");
		registry.add("CADUCEUS_RATE_BURST", () -> "10");
	}

	@AfterAll
	static void stopBackend() {
		backend.close();
		dying.close();
	}

	@BeforeEach
	void clearBackend() {
		backend.received().clear();
	}

	@Test
	void aValidTokenReachesTheServiceAsAGatewaySignedIdentityWithTheClientsIdentityHeadersRemoved() {
		this.web.get()
			.uri("/api/v1/taxonomy")
			.header("Authorization", bearer("alice", Role.ANALYST))
			.header("X-User", "admin")
			.header("X-Roles", "admin")
			.header("X-Forwarded-User", "admin")
			.header("Remote-User", "admin")
			.header("Cookie", "session=stolen")
			.exchange()
			.expectStatus()
			.isOk();
		RecordingBackend.Received forwarded = backend.last();
		for (String header : new String[] { "X-User", "X-Roles", "X-Forwarded-User", "Remote-User", "Cookie" }) {
			assertThat(forwarded.headers().contains(header)).as(header).isFalse();
		}
		String relayed = forwarded.headers().get("Authorization").substring("Bearer ".length());
		Jwt identity = PinnedKeyJwtDecoders
			.es256(SigningKey.readPublicKey(keys.resolve("gateway.pub.pem")), InternalIdentity.issuer(NODE),
					InternalIdentity.audience(NODE))
			.decode(relayed)
			.block();
		assertThat(identity.getSubject()).isEqualTo("alice");
		assertThat(identity.getClaimAsStringList("roles")).containsExactly("analyst");
		assertThat(forwarded.headers().get("X-Request-Id")).isNotBlank();
	}

	@Test
	void theConsoleGetsItsSessionCookieAndNoOtherIdentity() {
		this.web.get()
			.uri("/incidents?view=mine")
			.header("Cookie", "caduceus_session=abc")
			.header("Authorization", bearer("alice", Role.ANALYST))
			.header("X-User", "admin")
			.header("Remote-User", "admin")
			.header("X-Caduceus-Client-Address", "203.0.113.9")
			.exchange()
			.expectStatus()
			.isOk();
		RecordingBackend.Received forwarded = backend.last();
		assertThat(forwarded.path()).isEqualTo("/incidents?view=mine");
		// what the gateway saw, never what the client claimed
		assertThat(forwarded.headers().get("X-Caduceus-Client-Address")).isEqualTo("127.0.0.1");
		assertThat(forwarded.headers().get("X-Caduceus-Client-Scheme")).isEqualTo("http");
		assertThat(forwarded.headers().get("Cookie")).isEqualTo("caduceus_session=abc");
		for (String header : new String[] { "Authorization", "X-User", "Remote-User" }) {
			assertThat(forwarded.headers().contains(header)).as(header).isFalse();
		}
		// the API's routes and their checks come first: an API path never reaches the
		// console
		this.web.get().uri("/api/v1/incidents").exchange().expectStatus().isUnauthorized();
		assertThat(backend.received()).hasSize(1);
	}

	@Test
	void refusesAMissingTokenWithoutCallingTheService() {
		expectUnauthorized(null, "A bearer token is required");
		assertThat(backend.received()).isEmpty();
	}

	@Test
	void refusesAnExpiredToken() {
		Clock yesterday = Clock.fixed(Instant.now().minus(Duration.ofDays(1)), ZoneOffset.UTC);
		String expired = new TokenMinter(userKey, "caduceus:" + NODE, "caduceus:" + NODE, Duration.ofHours(1),
				yesterday)
			.mint("alice", Set.of(Role.ANALYST));
		expectUnauthorized("Bearer " + expired, "The bearer token has expired");
	}

	@Test
	void refusesATamperedToken() {
		String[] parts = bearer("alice", Role.ANALYST).substring(7).split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace("analyst", "admin");
		String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes())
				+ "." + parts[2];
		expectUnauthorized("Bearer " + tampered, "The bearer token is invalid (signature, issuer, audience or format)");
	}

	@Test
	void refusesATokenSignedByAnotherKey() {
		String forged = new TokenMinter(SigningKey.generate(), "caduceus:" + NODE, "caduceus:" + NODE,
				Duration.ofHours(1), Clock.systemUTC())
			.mint("mallory", Set.of(Role.ADMIN));
		expectUnauthorized("Bearer " + forged, "The bearer token is invalid (signature, issuer, audience or format)");
	}

	@Test
	void refusesATokenForAnotherNode() {
		String other = new TokenMinter(userKey, "caduceus:other-node", "caduceus:other-node", Duration.ofHours(1),
				Clock.systemUTC())
			.mint("alice", Set.of(Role.ANALYST));
		expectUnauthorized("Bearer " + other, "The bearer token is invalid (signature, issuer, audience or format)");
	}

	@Test
	void refusesTheWrongRoleWith403() {
		this.web.get()
			.uri("/api/v1/admin/peers")
			.header("Authorization", bearer("alice", Role.ANALYST))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:forbidden");
		assertThat(backend.received()).isEmpty();
	}

	@Test
	void answersAnUnknownPathWith404() {
		for (String path : new String[] { "/api/v1/no-such-thing", "/nothing" }) {
			this.web.get()
				.uri(path)
				.header("Authorization", bearer("alice", Role.ANALYST))
				.exchange()
				.expectStatus()
				.isNotFound()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("urn:caduceus:problem:not-found")
				.jsonPath("$.trace")
				.doesNotExist();
		}
	}

	@Test
	void refusesADeclaredBodyOverTheLimitWithoutCallingTheService() {
		this.web.post()
			.uri("/api/v1/incidents")
			.header("Authorization", bearer("bulk", Role.ANALYST))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"title\":\"" + "x".repeat(2048) + "\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:payload-too-large");
		assertThat(backend.received()).isEmpty();
	}

	@Test
	void cutsOffAChunkedBodyAtTheLimit() {
		Flux<DataBuffer> chunks = Flux.range(0, 8)
			.map((i) -> DefaultDataBufferFactory.sharedInstance.wrap("y".repeat(512).getBytes()));
		this.web.post()
			.uri("/api/v1/incidents")
			.header("Authorization", bearer("chunky", Role.ANALYST))
			.contentType(MediaType.APPLICATION_JSON)
			.body(chunks, DataBuffer.class)
			.exchange()
			.expectStatus()
			.isEqualTo(413);
		assertThat(backend.received())
			.allSatisfy((received) -> assertThat(received.bodyBytes()).isLessThanOrEqualTo(1024));
	}

	@Test
	void limitsEachUserWith429AndRetryAfter() {
		String token = bearer("hasty", Role.ANALYST);
		int limited = 0;
		for (int i = 0; i < 30; i++) {
			var result = this.web.get()
				.uri("/api/v1/taxonomy")
				.header("Authorization", token)
				.exchange()
				.returnResult(String.class);
			if (result.getStatus().value() == 429) {
				limited++;
				assertThat(result.getResponseHeaders().getFirst("Retry-After")).matches("[1-9][0-9]*");
				assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			}
		}
		assertThat(limited).isGreaterThanOrEqualTo(15);
		// another user is not affected
		this.web.get()
			.uri("/api/v1/taxonomy")
			.header("Authorization", bearer("patient", Role.ANALYST))
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void putsTheRequestIdInTheResponseAndInTheLogLine(CapturedOutput output) {
		this.web.get()
			.uri("/api/v1/taxonomy")
			.header("Authorization", bearer("logged", Role.AUDITOR))
			.header("X-Request-Id", "trace-me-0001")
			.exchange()
			.expectHeader()
			.valueEquals("X-Request-Id", "trace-me-0001");
		assertThat(backend.last().headers().get("X-Request-Id")).isEqualTo("trace-me-0001");
		// the access line is written when the exchange completes, which may be just after
		// the client has its answer
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (!output.getOut().contains("trace-me-0001") && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		assertThat(output).containsPattern("\\[trace-me-0001\\] caduceus.access\\s+- GET /api/v1/taxonomy 200");
	}

	@Test
	void answersA503ProblemWhenTheServiceIsDown() {
		this.web.get()
			.uri("/api/v1/contacts/directory")
			.header("Authorization", bearer("alice", Role.ANALYST))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals("Retry-After", "5")
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:service-unavailable")
			.jsonPath("$.requestId")
			.exists();
	}

	@Test
	void answersA502ProblemAndSendsTheRequestOnlyOnceWhenTheServiceDiesWhileAnswering() {
		int before = dying.requests();
		this.web.post()
			.uri("/api/v1/admin/api-keys")
			.header("Authorization", bearer("root", Role.ADMIN))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"partner\":\"cert-be\",\"collections\":[\"health-sector-green\"]}")
			.exchange()
			.expectStatus()
			.isEqualTo(502)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:service-failed")
			.jsonPath("$.detail")
			.value((detail) -> assertThat(String.valueOf(detail)).contains("may or may not have been carried out")
				.doesNotContain("Exception")
				.doesNotContain("prematurely"))
			.jsonPath("$.requestId")
			.exists();
		// a write the service may have carried out is never sent to it a second time
		assertThat(dying.requests() - before).isEqualTo(1);
	}

	@Test
	void keepsHealthOpenForProbes() {
		this.web.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
	}

	@Test
	void opensOnlyLivenessAndReadinessAndKeepsOtherActuatorEndpointsForAdmins() {
		for (String probe : new String[] { "/actuator/health", "/actuator/health/liveness",
				"/actuator/health/readiness" }) {
			this.web.get().uri(probe).exchange().expectStatus().isOk();
		}
		for (String endpoint : new String[] { "/actuator/prometheus", "/actuator/info" }) {
			this.web.get()
				.uri(endpoint)
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
			this.web.get()
				.uri(endpoint)
				.header("Authorization", bearer("alice", Role.COORDINATOR))
				.exchange()
				.expectStatus()
				.isForbidden()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
			this.web.get()
				.uri(endpoint)
				.header("Authorization", bearer("root", Role.ADMIN))
				.exchange()
				.expectStatus()
				.isOk();
		}
		assertThat(backend.received()).isEmpty();
	}

	@Test
	void refusesAUserTokenThatLivesLongerThanTheCap() {
		String longLived = "Bearer " + new TokenMinter(userKey, "caduceus:" + NODE, "caduceus:" + NODE,
				Duration.ofHours(13), Clock.systemUTC())
			.mint("alice", Set.of(Role.ANALYST));
		expectUnauthorized(longLived,
				"The bearer token must carry iat and exp, iat not in the future and exp at most 720 minutes after it");
		assertThat(backend.received()).isEmpty();
		// within the cap, the same user goes on
		this.web.get()
			.uri("/api/v1/taxonomy")
			.header("Authorization",
					"Bearer " + new TokenMinter(userKey, "caduceus:" + NODE, "caduceus:" + NODE, Duration.ofHours(12),
							Clock.systemUTC())
						.mint("alice", Set.of(Role.ANALYST)))
			.exchange()
			.expectStatus()
			.isOk();
	}

	private void expectUnauthorized(String authorization, String detail) {
		WebTestClient.RequestHeadersSpec<?> request = this.web.get().uri("/api/v1/taxonomy");
		if (authorization != null) {
			request = request.header("Authorization", authorization);
		}
		request.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals("WWW-Authenticate", "Bearer")
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:unauthenticated")
			.jsonPath("$.detail")
			.isEqualTo(detail)
			.jsonPath("$.trace")
			.doesNotExist();
	}

	private static String bearer(String user, Role role) {
		return "Bearer " + new TokenMinter(userKey, "caduceus:" + NODE, "caduceus:" + NODE, Duration.ofHours(1),
				Clock.systemUTC())
			.mint(user, Set.of(role));
	}

	private static Path tempDir() {
		try {
			return Files.createTempDirectory("caduceus-gateway-test");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
