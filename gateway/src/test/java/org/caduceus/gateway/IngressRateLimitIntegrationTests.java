package org.caduceus.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.caduceus.federation.EnvelopeSigner;
import org.caduceus.federation.NodeKey;
import org.caduceus.identity.Role;
import org.caduceus.identity.SigningKey;
import org.caduceus.identity.TokenMinter;
import org.caduceus.testsupport.TestMongo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The federation rate limit counts per peer, by the key id its signature verified, so
 * peers behind one address (an ingress) do not share a bucket and no one else can drain a
 * peer's; and a client that keeps failing to authenticate on TAXII or federation is
 * refused with 429 (a TAXII error on {@code /taxii2}, a problem elsewhere) before the
 * gateway checks another credential of it, while callers that authenticate do not use up
 * that small limit. Buckets hardly refill during the test (one token in 1000 s).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
@TestMongo
class IngressRateLimitIntegrationTests {

	static final String NODE = "nl-limits";

	static final String TAXII = "application/taxii+json;version=2.1";

	static final String PUBLIC_URL = "https://nl.caduceus.example";

	static final String BODY = "{\"escalationId\":\"e1\"}";

	static final int PEER_BURST = 3;

	static final int PRE_AUTH_BURST = 5;

	static final RecordingBackend backend = new RecordingBackend();

	static final SigningKey userKey = SigningKey.generate();

	static final NodeKey peerA = NodeKey.generate();

	static final NodeKey peerB = NodeKey.generate();

	static final Path keys = tempDir();

	@Autowired
	WebTestClient web;

	@Autowired
	ReactiveMongoTemplate mongo;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		Files.writeString(keys.resolve("user-jwt.pub.pem"), userKey.publicKeyPem());
		registry.add("caduceus.node.id", () -> NODE);
		registry.add("spring.mongodb.database", () -> "ingress-rate-limit-tests");
		registry.add("caduceus.auth.user-public-key", () -> keys.resolve("user-jwt.pub.pem").toString());
		registry.add("caduceus.gateway.identity-key.private", () -> keys.resolve("gw.key.pem").toString());
		registry.add("caduceus.gateway.identity-key.public", () -> keys.resolve("gw.pub.pem").toString());
		registry.add("caduceus.federation.signing-key", () -> keys.resolve("federation.key.pem").toString());
		registry.add("caduceus.federation.public-key", () -> keys.resolve("federation.pub.pem").toString());
		registry.add("caduceus.federation.public-url", () -> PUBLIC_URL);
		registry.add("CADUCEUS_PARTNER_API_URL", backend::url);
		registry.add("CADUCEUS_ESCALATION_URL", backend::url);
		registry.add("CADUCEUS_FEDERATION_RATE_PER_SECOND", () -> "0.001");
		registry.add("CADUCEUS_FEDERATION_RATE_BURST", () -> String.valueOf(PEER_BURST));
		registry.add("CADUCEUS_PRE_AUTH_RATE_PER_SECOND", () -> "0.001");
		registry.add("CADUCEUS_PRE_AUTH_RATE_BURST", () -> String.valueOf(PRE_AUTH_BURST));
	}

	@AfterAll
	static void stopBackend() {
		backend.close();
	}

	@Test
	void limitsEachPeerByItsVerifiedKeyAndUnauthenticatedClientsByAddress() {
		for (String collection : new String[] { "peers", "nonces" }) {
			this.mongo.remove(new Query(), collection).block();
		}
		addPeer("de-a", peerA);
		addPeer("be-b", peerB);
		// more authenticated requests than the pre-authentication burst: they give their
		// token back
		for (int i = 0; i < PRE_AUTH_BURST + 2; i++) {
			this.web.get()
				.uri("/taxii2/api/")
				.header("Accept", TAXII)
				.header("Authorization", user())
				.exchange()
				.expectStatus()
				.isOk();
		}
		// peer A uses up its own bucket; peer B, from the same address, still has its own
		for (int i = 0; i < PEER_BURST; i++) {
			signed("de-a", peerA).expectStatus().isOk();
		}
		signed("de-a", peerA).expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.exists("Retry-After")
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:rate-limited");
		signed("be-b", peerB).expectStatus().isOk();
		assertThat(backend.received()).hasSize(PRE_AUTH_BURST + 2 + PEER_BURST + 1);
		backend.received().clear();
		// a client that fails to authenticate is refused after the small burst
		for (int i = 0; i < PRE_AUTH_BURST; i++) {
			this.web.get().uri("/taxii2/api/").header("Accept", TAXII).exchange().expectStatus().isUnauthorized();
		}
		this.web.get()
			.uri("/taxii2/api/")
			.header("Accept", TAXII)
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.exists("Retry-After")
			.expectHeader()
			.contentType(TAXII)
			.expectBody()
			.jsonPath("$.http_status")
			.isEqualTo("429");
		this.web.post()
			.uri("/federation/v1/escalations")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(BODY)
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(backend.received()).isEmpty();
		assertThat(this.mongo.count(new Query(), "nonces").block()).isEqualTo(PEER_BURST + 1);
	}

	private WebTestClient.ResponseSpec signed(String keyId, NodeKey key) {
		Map<String, String> signature = EnvelopeSigner.ed25519(keyId, key.privateKey(), Clock.systemUTC())
			.sign("POST", URI.create(PUBLIC_URL + "/federation/v1/escalations"), BODY.getBytes(StandardCharsets.UTF_8));
		return this.web.post()
			.uri("/federation/v1/escalations")
			.headers((headers) -> signature.forEach(headers::set))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(BODY)
			.exchange();
	}

	private void addPeer(String nodeId, NodeKey key) {
		this.web.post()
			.uri("/api/v1/admin/peers")
			.header("Authorization", admin())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("nodeId", nodeId, "country", "DE", "baseUrl", "https://" + nodeId + ".example",
					"publicKey", key.publicKeyPem(), "tlpCeiling", "amber"))
			.exchange()
			.expectStatus()
			.isCreated();
	}

	private static String user() {
		return token("alice", Role.ANALYST);
	}

	private static String admin() {
		return token("root", Role.ADMIN);
	}

	private static String token(String name, Role role) {
		return "Bearer " + new TokenMinter(userKey, "caduceus:" + NODE, "caduceus:" + NODE, Duration.ofHours(1),
				Clock.systemUTC())
			.mint(name, Set.of(role));
	}

	private static Path tempDir() {
		try {
			return Files.createTempDirectory("caduceus-ingress-rate-test");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
