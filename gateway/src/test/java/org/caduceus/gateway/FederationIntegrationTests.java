package org.caduceus.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.caduceus.federation.EnvelopeSigner;
import org.caduceus.federation.EnvelopeVerifier;
import org.caduceus.federation.NodeKey;
import org.caduceus.identity.InternalIdentity;
import org.caduceus.identity.Role;
import org.caduceus.identity.ServiceIdentity;
import org.caduceus.identity.SigningKey;
import org.caduceus.identity.TokenMinter;
import org.caduceus.testsupport.TestMongo;
import org.caduceus.web.security.PinnedKeyJwtDecoders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Federation at the gateway, against real HTTP servers standing for the escalation
 * service and for a peer's gateway: the peer directory, the signed ingress (one test per
 * attack, each refused before any service is called and without storing a nonce), and the
 * egress that signs what the node's services send.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
@TestMongo
class FederationIntegrationTests {

	static final String NODE = "nl-test";

	static final String PEER = "de-peer";

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final RecordingBackend escalation = new RecordingBackend();

	static final RecordingBackend peerGateway = new RecordingBackend();

	static final SigningKey userKey = SigningKey.generate();

	static final SigningKey serviceKey = SigningKey.generate();

	static final NodeKey peerKey = NodeKey.generate();

	static final Path keys = tempDir();

	static final String BODY = "{\"escalationId\":\"e1\",\"snapshot\":{\"title\":\"Ransomware\"}}";

	@Autowired
	WebTestClient web;

	@Autowired
	ReactiveMongoTemplate mongo;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		Files.writeString(keys.resolve("user-jwt.pub.pem"), userKey.publicKeyPem());
		Files.writeString(keys.resolve("service-escalation.pub.pem"), serviceKey.publicKeyPem());
		registry.add("caduceus.node.id", () -> NODE);
		registry.add("spring.mongodb.database", () -> "federation-tests");
		registry.add("caduceus.auth.user-public-key", () -> keys.resolve("user-jwt.pub.pem").toString());
		registry.add("caduceus.gateway.identity-key.private", () -> keys.resolve("gw.key.pem").toString());
		registry.add("caduceus.gateway.identity-key.public", () -> keys.resolve("gw.pub.pem").toString());
		registry.add("caduceus.federation.signing-key", () -> keys.resolve("federation.key.pem").toString());
		registry.add("caduceus.federation.public-key", () -> keys.resolve("federation.pub.pem").toString());
		registry.add("caduceus.federation.service-keys.escalation",
				() -> keys.resolve("service-escalation.pub.pem").toString());
		registry.add("caduceus.federation.public-url", () -> "https://nl.caduceus.example");
		registry.add("CADUCEUS_ESCALATION_URL", escalation::url);
		registry.add("CADUCEUS_INTAKE_URL", escalation::url);
	}

	@AfterAll
	static void stopServers() {
		escalation.close();
		peerGateway.close();
	}

	@BeforeEach
	void knowThePeer() {
		escalation.received().clear();
		peerGateway.received().clear();
		this.mongo.remove(new Query(), "peers").block();
		this.mongo.remove(new Query(), "nonces").block();
		addPeer(PEER, peerGateway.url(), peerKey.publicKeyPem(), "amber").expectStatus().isCreated();
	}

	// --- the node and its peers -------------------------------------------------------

	@Test
	void publishesTheNodesIdentityAndEd25519Key() {
		this.web.get()
			.uri("/federation/v1/node")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.nodeId")
			.isEqualTo(NODE)
			.jsonPath("$.algorithm")
			.isEqualTo("ed25519")
			.jsonPath("$.publicKey")
			.value((String pem) -> assertThat(NodeKey.parsePublicKey(pem))
				.isEqualTo(NodeKey.loadOrCreate(keys.resolve("federation.key.pem"), keys.resolve("federation.pub.pem"))
					.publicKey()));
	}

	@Test
	void adminsListGetAndRemovePeers() {
		this.web.get()
			.uri("/api/v1/admin/peers")
			.header("Authorization", user("root", Role.ADMIN))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[0].nodeId")
			.isEqualTo(PEER)
			.jsonPath("$[0].tlpCeiling")
			.isEqualTo("amber")
			.jsonPath("$[0].addedBy")
			.isEqualTo("root");
		this.web.delete()
			.uri("/api/v1/admin/peers/" + PEER)
			.header("Authorization", user("root", Role.ADMIN))
			.exchange()
			.expectStatus()
			.isNoContent();
		this.web.get()
			.uri("/api/v1/admin/peers/" + PEER)
			.header("Authorization", user("root", Role.ADMIN))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:unknown-peer");
		assertThat(peerCount()).isZero();
	}

	@Test
	void anAdminReplacesAPeersAddressKeyOrCeiling() {
		Map<String, Object> changed = Map.of("nodeId", PEER, "country", "DE", "baseUrl", "https://de.example/caduceus",
				"publicKey", peerKey.publicKeyPem(), "tlpCeiling", "green");
		this.web.put()
			.uri("/api/v1/admin/peers/" + PEER)
			.header("Authorization", user("root", Role.ADMIN))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(changed)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.tlpCeiling")
			.isEqualTo("green")
			.jsonPath("$.baseUrl")
			.isEqualTo("https://de.example/caduceus");
		this.web.put()
			.uri("/api/v1/admin/peers/nobody")
			.header("Authorization", user("root", Role.ADMIN))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("nodeId", "nobody", "country", "DE", "baseUrl", "https://x.example", "publicKey",
					peerKey.publicKeyPem(), "tlpCeiling", "green"))
			.exchange()
			.expectStatus()
			.isNotFound();
		this.web.put()
			.uri("/api/v1/admin/peers/" + PEER)
			.header("Authorization", user("root", Role.ADMIN))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("nodeId", "other", "country", "DE", "baseUrl", "https://x.example", "publicKey",
					peerKey.publicKeyPem(), "tlpCeiling", "green"))
			.exchange()
			.expectStatus()
			.isEqualTo(422);
		assertThat(peerCount()).isEqualTo(1);
	}

	@Test
	void refusesBadPeersWithTheFieldAtFaultAndStoresNothing() {
		addPeer("fr-peer", "ftp://fr.example", peerKey.publicKeyPem(), "green").expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("baseUrl");
		addPeer("fr-peer", "https://fr.example", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", "green")
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("publicKey");
		addPeer("fr-peer", "https://fr.example", userKey.publicKeyPem(), "green").expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("publicKey");
		addPeer("fr-peer", "https://fr.example", peerKey.publicKeyPem(), "red").expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("tlpCeiling");
		addPeer("fr-peer", "https://fr.example", peerKey.publicKeyPem(), "purple").expectStatus().isEqualTo(422);
		addPeer("FR PEER", "https://fr.example", peerKey.publicKeyPem(), "green").expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("nodeId");
		addPeer(NODE, "https://fr.example", peerKey.publicKeyPem(), "green").expectStatus().isEqualTo(422);
		addPeer(PEER, "https://other.example", peerKey.publicKeyPem(), "green").expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:peer-exists");
		assertThat(peerCount()).isEqualTo(1);
	}

	@Test
	void onlyAdminsManagePeers() {
		this.web.post()
			.uri("/api/v1/admin/peers")
			.header("Authorization", user("carol", Role.COORDINATOR))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("nodeId", "fr-peer", "country", "FR", "baseUrl", "https://fr.example", "publicKey",
					peerKey.publicKeyPem(), "tlpCeiling", "green"))
			.exchange()
			.expectStatus()
			.isForbidden();
		assertThat(peerCount()).isEqualTo(1);
	}

	// --- signed ingress ---------------------------------------------------------------

	@Test
	void aSignedRequestReachesTheServiceAsThePeerWithItsBodyAndNoForgedIdentity() {
		Map<String, String> signature = sign(peerKey, PEER, "POST", "/federation/v1/escalations", BODY,
				Clock.systemUTC());
		this.web.post()
			.uri("/federation/v1/escalations")
			.headers((headers) -> signature.forEach(headers::set))
			.header("X-User", "admin")
			.header("X-Roles", "coordinator")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(BODY)
			.exchange()
			.expectStatus()
			.isOk();
		RecordingBackend.Received forwarded = escalation.last();
		assertThat(forwarded.path()).isEqualTo("/federation/v1/escalations");
		assertThat(new String(forwarded.body(), StandardCharsets.UTF_8)).isEqualTo(BODY);
		assertThat(forwarded.headers().contains("X-User")).isFalse();
		assertThat(forwarded.headers().contains("X-Roles")).isFalse();
		Jwt identity = PinnedKeyJwtDecoders
			.es256(SigningKey.readPublicKey(keys.resolve("gw.pub.pem")), InternalIdentity.issuer(NODE),
					InternalIdentity.audience(NODE))
			.decode(forwarded.headers().get("Authorization").substring("Bearer ".length()))
			.block();
		assertThat(identity.getSubject()).isEqualTo(PEER);
		assertThat(identity.getClaimAsStringList("roles")).containsExactly("peer");
		assertThat(nonceCount()).isEqualTo(1);
	}

	@Test
	void refusesAnUnsignedRequest() {
		expectRefused(Map.of(), BODY, "unsigned");
	}

	@Test
	void refusesAnUnknownKeyIdExactlyAsASignatureThatDoesNotVerify() {
		NodeKey stranger = NodeKey.generate();
		Map<String, String> unknown = sign(stranger, "xx-unknown", "POST", "/federation/v1/escalations", BODY,
				Clock.systemUTC());
		Map<String, String> impostor = sign(stranger, PEER, "POST", "/federation/v1/escalations", BODY,
				Clock.systemUTC());
		expectRefused(unknown, BODY, "bad-signature");
		// status, reason and text alike: a caller cannot tell which peers this node knows
		JsonNode unknownAnswer = refusal(unknown);
		JsonNode impostorAnswer = refusal(impostor);
		for (String field : new String[] { "type", "title", "status", "detail" }) {
			assertThat(unknownAnswer.get(field)).isEqualTo(impostorAnswer.get(field));
		}
		assertThat(unknownAnswer.toString()).doesNotContain("xx-unknown", PEER);
	}

	@Test
	void refusesASignatureMadeWithAnotherKeyUnderThePeersId() {
		NodeKey impostor = NodeKey.generate();
		expectRefused(sign(impostor, PEER, "POST", "/federation/v1/escalations", BODY, Clock.systemUTC()), BODY,
				"bad-signature");
	}

	@Test
	void refusesATamperedBody() {
		Map<String, String> signature = sign(peerKey, PEER, "POST", "/federation/v1/escalations", BODY,
				Clock.systemUTC());
		expectRefused(signature, BODY.replace("Ransomware", "Nothing to see"), "digest-mismatch");
	}

	@Test
	void refusesATamperedSignedComponent() {
		// signed for another path: @target-uri no longer matches
		Map<String, String> signature = sign(peerKey, PEER, "POST", "/federation/v1/escalations/other/status", BODY,
				Clock.systemUTC());
		expectRefused(signature, BODY, "bad-signature");
		// the digest header replaced by one that matches a forged body
		Map<String, String> forged = new LinkedHashMap<>(
				sign(peerKey, PEER, "POST", "/federation/v1/escalations", BODY, Clock.systemUTC()));
		String other = BODY.replace("Ransomware", "Forged");
		forged.put("Content-Digest", org.caduceus.federation.ContentDigest.sha256(other.getBytes()));
		expectRefused(forged, other, "bad-signature");
	}

	@Test
	void refusesAReplayedNonce() {
		Map<String, String> signature = sign(peerKey, PEER, "POST", "/federation/v1/escalations", BODY,
				Clock.systemUTC());
		post(signature, BODY).expectStatus().isOk();
		expectRefused(signature, BODY, "replayed-nonce", 1);
		assertThat(escalation.received()).hasSize(1);
	}

	@Test
	void refusesACreatedTimeTooFarInThePastOrFuture() {
		Clock past = Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)), ZoneOffset.UTC);
		expectRefused(sign(peerKey, PEER, "POST", "/federation/v1/escalations", BODY, past), BODY, "clock-skew");
		Clock future = Clock.fixed(Instant.now().plus(Duration.ofMinutes(10)), ZoneOffset.UTC);
		expectRefused(sign(peerKey, PEER, "POST", "/federation/v1/escalations", BODY, future), BODY, "clock-skew");
	}

	@Test
	void refusesARemovedPeer() {
		this.web.delete()
			.uri("/api/v1/admin/peers/" + PEER)
			.header("Authorization", user("root", Role.ADMIN))
			.exchange()
			.expectStatus()
			.isNoContent();
		expectRefused(sign(peerKey, PEER, "POST", "/federation/v1/escalations", BODY, Clock.systemUTC()), BODY,
				"bad-signature");
	}

	@Test
	void aUserTokenClaimingThePeerRoleGetsNoPeerIdentity() {
		String token = new TokenMinter(userKey, "caduceus:" + NODE, "caduceus:" + NODE, Duration.ofMinutes(5),
				Clock.systemUTC())
			.mint("mallory", Set.of(Role.PEER));
		this.web.post()
			.uri("/api/v1/escalations")
			.header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isForbidden();
		assertThat(escalation.received()).isEmpty();
	}

	// --- egress -----------------------------------------------------------------------

	@Test
	void signsWhatAServiceSendsToAPeerWithTheNodesKey() throws Exception {
		this.web.post()
			.uri("/internal/federation/egress/" + PEER + "/escalations")
			.header("Authorization", service("escalation"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(BODY)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.ok")
			.isEqualTo(true);
		RecordingBackend.Received sent = peerGateway.last();
		NodeKey nodeKey = NodeKey.loadOrCreate(keys.resolve("federation.key.pem"), keys.resolve("federation.pub.pem"));
		EnvelopeVerifier verifier = new EnvelopeVerifier(
				(id) -> NODE.equals(id) ? Optional.of(nodeKey.publicKey()) : Optional.empty(), (id, nonce, at) -> true,
				Clock.systemUTC());
		Map<String, List<String>> headers = new LinkedHashMap<>();
		sent.headers()
			.forEach((entry) -> headers.computeIfAbsent(entry.getKey(), (k) -> new java.util.ArrayList<>())
				.add(entry.getValue()));
		EnvelopeVerifier.Verified verified = verifier.verify("POST", URI.create(peerGateway.url() + sent.path()),
				headers, sent.body());
		assertThat(verified.keyId()).isEqualTo(NODE);
		assertThat(sent.path()).isEqualTo("/federation/v1/escalations");
	}

	@Test
	void theEgressIsForTheNodesServicesOnly() {
		egress(null, PEER, "escalations").expectStatus().isUnauthorized();
		egress(user("carol", Role.COORDINATOR), PEER, "escalations").expectStatus().isUnauthorized();
		String forged = "Bearer " + new TokenMinter(SigningKey.generate(), ServiceIdentity.issuer(NODE, "escalation"),
				ServiceIdentity.audience(NODE), Duration.ofMinutes(1), Clock.systemUTC())
			.mintService("escalation");
		egress(forged, PEER, "escalations").expectStatus().isUnauthorized();
		assertThat(peerGateway.received()).isEmpty();
	}

	@Test
	void aServiceSendsOnlyToItsOwnPartOfTheFederationApi() {
		egress(service("escalation"), PEER, "contacts/cards").expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:egress-forbidden");
		egress(service("escalation"), PEER, "escalations/../contacts").expectStatus().is4xxClientError();
		assertThat(peerGateway.received()).isEmpty();
	}

	@Test
	void answers404ForAnUnknownPeerAnd502WhenThePeerIsDown() {
		egress(service("escalation"), "nobody", "escalations").expectStatus().isNotFound();
		addPeer("down-peer", "http://127.0.0.1:9", NodeKey.generate().publicKeyPem(), "green").expectStatus()
			.isCreated();
		egress(service("escalation"), "down-peer", "escalations").expectStatus()
			.isEqualTo(502)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:peer-unreachable");
	}

	@Test
	void servicesReadThePeerDirectoryWithoutKeys() {
		this.web.get()
			.uri("/internal/federation/peers/" + PEER)
			.header("Authorization", service("escalation"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.tlpCeiling")
			.isEqualTo("amber")
			.jsonPath("$.publicKey")
			.doesNotExist();
	}

	// --- helpers ----------------------------------------------------------------------

	private WebTestClient.ResponseSpec addPeer(String nodeId, String baseUrl, String key, String ceiling) {
		return this.web.post()
			.uri("/api/v1/admin/peers")
			.header("Authorization", user("root", Role.ADMIN))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("nodeId", nodeId, "country", "DE", "baseUrl", baseUrl, "publicKey", key, "tlpCeiling",
					ceiling))
			.exchange();
	}

	private WebTestClient.ResponseSpec egress(String authorization, String peer, String path) {
		return this.web.post().uri("/internal/federation/egress/" + peer + "/" + path).headers((headers) -> {
			if (authorization != null) {
				headers.set("Authorization", authorization);
			}
		}).contentType(MediaType.APPLICATION_JSON).bodyValue(BODY).exchange();
	}

	private WebTestClient.ResponseSpec post(Map<String, String> signature, String body) {
		return this.web.post()
			.uri("/federation/v1/escalations")
			.headers((headers) -> signature.forEach(headers::set))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private JsonNode refusal(Map<String, String> signature) {
		return JSON.readTree(post(signature, BODY).expectStatus()
			.isUnauthorized()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
	}

	private void expectRefused(Map<String, String> signature, String body, String reason) {
		expectRefused(signature, body, reason, 0);
	}

	private void expectRefused(Map<String, String> signature, String body, String reason, long noncesBefore) {
		post(signature, body).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:" + reason);
		assertThat(escalation.received()).hasSize((int) noncesBefore);
		assertThat(nonceCount()).isEqualTo(noncesBefore);
	}

	/** Signs as the peer would, for this gateway's public URL. */
	private static Map<String, String> sign(NodeKey key, String keyId, String method, String path, String body,
			Clock clock) {
		return EnvelopeSigner.ed25519(keyId, key.privateKey(), clock)
			.sign(method, URI.create("https://nl.caduceus.example" + path), body.getBytes(StandardCharsets.UTF_8));
	}

	private long peerCount() {
		return this.mongo.count(new Query(), "peers").block();
	}

	private long nonceCount() {
		return this.mongo.count(new Query(), "nonces").block();
	}

	private static String user(String name, Role role) {
		return "Bearer " + new TokenMinter(userKey, "caduceus:" + NODE, "caduceus:" + NODE, Duration.ofHours(1),
				Clock.systemUTC())
			.mint(name, Set.of(role));
	}

	private static String service(String name) {
		return "Bearer " + new TokenMinter(serviceKey, ServiceIdentity.issuer(NODE, name),
				ServiceIdentity.audience(NODE), ServiceIdentity.LIFETIME, Clock.systemUTC())
			.mintService(name);
	}

	private static Path tempDir() {
		try {
			return Files.createTempDirectory("caduceus-federation-test");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
