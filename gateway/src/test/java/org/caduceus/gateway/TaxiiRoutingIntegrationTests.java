package org.caduceus.gateway;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.caduceus.federation.EnvelopeSigner;
import org.caduceus.federation.NodeKey;
import org.caduceus.identity.InternalIdentity;
import org.caduceus.identity.Role;
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
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /taxii2/**} and the key administration go to the partner-api service (a
 * recording backend here) the way every route goes to its service: the caller is
 * authenticated at the gateway, before anything is forwarded, and the service receives
 * only an identity the gateway signed — the peer for a verified signature, the user with
 * their roles, or the {@code partner} role with the presented key, which the partner API
 * checks itself. Whatever the gateway refuses is refused in the TAXII error format and
 * never reaches the service.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
@TestMongo
class TaxiiRoutingIntegrationTests {

	static final String NODE = "nl-taxii";

	static final String PEER = "de-peer";

	static final String TAXII = "application/taxii+json;version=2.1";

	static final String PUBLIC_URL = "https://nl.caduceus.example";

	static final String KEY = "cdk_0011223344556677_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0";

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final RecordingBackend partnerApi = new RecordingBackend();

	static final SigningKey userKey = SigningKey.generate();

	static final NodeKey peerKey = NodeKey.generate();

	static final Path keys = tempDir();

	@Autowired
	WebTestClient web;

	@Autowired
	ReactiveMongoTemplate mongo;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		Files.writeString(keys.resolve("user-jwt.pub.pem"), userKey.publicKeyPem());
		registry.add("caduceus.node.id", () -> NODE);
		registry.add("spring.mongodb.database", () -> "taxii-routing-tests");
		registry.add("caduceus.auth.user-public-key", () -> keys.resolve("user-jwt.pub.pem").toString());
		registry.add("caduceus.gateway.identity-key.private", () -> keys.resolve("gw.key.pem").toString());
		registry.add("caduceus.gateway.identity-key.public", () -> keys.resolve("gw.pub.pem").toString());
		registry.add("caduceus.federation.signing-key", () -> keys.resolve("federation.key.pem").toString());
		registry.add("caduceus.federation.public-key", () -> keys.resolve("federation.pub.pem").toString());
		registry.add("caduceus.federation.public-url", () -> PUBLIC_URL);
		registry.add("CADUCEUS_PARTNER_API_URL", partnerApi::url);
		registry.add("CADUCEUS_TAXII_MAX_CONTENT_LENGTH", () -> "2000");
	}

	@AfterAll
	static void stopBackend() {
		partnerApi.close();
	}

	@BeforeEach
	void clean() {
		for (String collection : new String[] { "peers", "nonces" }) {
			this.mongo.remove(new Query(), collection).block();
		}
		this.web.post()
			.uri("/api/v1/admin/peers")
			.header("Authorization", user("root", Role.ADMIN))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("nodeId", PEER, "country", "DE", "baseUrl", "https://de.example", "publicKey",
					peerKey.publicKeyPem(), "tlpCeiling", "amber"))
			.exchange()
			.expectStatus()
			.isCreated();
		partnerApi.received().clear();
	}

	@Test
	void aUserReachesThePartnerApiAsAGatewaySignedIdentityWithForgedHeadersRemoved() {
		this.web.get()
			.uri("/taxii2/api/collections/")
			.header("Accept", TAXII)
			.header("Authorization", user("alice", Role.ANALYST))
			.header(InternalIdentity.API_KEY_HEADER, KEY)
			.header(InternalIdentity.PUBLIC_URL_HEADER, "https://evil.example/")
			.header("X-Roles", "admin")
			.exchange()
			.expectStatus()
			.isOk();
		RecordingBackend.Received forwarded = partnerApi.last();
		assertThat(forwarded.path()).isEqualTo("/taxii2/api/collections/");
		Jwt identity = identity(forwarded);
		assertThat(identity.getSubject()).isEqualTo("alice");
		assertThat(identity.getClaimAsStringList("roles")).containsExactly("analyst");
		assertThat(forwarded.headers().contains(InternalIdentity.API_KEY_HEADER)).isFalse();
		assertThat(forwarded.headers().contains("X-Roles")).isFalse();
		assertThat(forwarded.headers().get(InternalIdentity.PUBLIC_URL_HEADER))
			.isEqualTo(PUBLIC_URL + "/taxii2/api/collections/");
	}

	@Test
	void aKeyPartnerGoesOnWithThePartnerRoleAndItsKeyForThePartnerApiToCheck() {
		for (String authorization : new String[] { basic("cert-be", KEY), "Bearer " + KEY }) {
			this.web.get()
				.uri("/taxii2/api/")
				.header("Accept", TAXII)
				.header("Authorization", authorization)
				.exchange()
				.expectStatus()
				.isOk();
			RecordingBackend.Received forwarded = partnerApi.last();
			Jwt identity = identity(forwarded);
			assertThat(identity.getSubject()).isEqualTo("api-key");
			assertThat(identity.getClaimAsStringList("roles")).containsExactly("partner");
			assertThat(forwarded.headers().get(InternalIdentity.API_KEY_HEADER)).isEqualTo(KEY);
		}
		assertThat(partnerApi.received()).hasSize(2);
	}

	@Test
	void aPartnerNodeWhoseSignatureVerifiesGoesOnAsThePeerWithItsBody() {
		String path = "/taxii2/api/collections/partner-de-peer-amber/objects/";
		byte[] body = "{\"objects\":[{\"type\":\"indicator\"}]}".getBytes(StandardCharsets.UTF_8);
		Map<String, String> signature = EnvelopeSigner.ed25519(PEER, peerKey.privateKey(), Clock.systemUTC())
			.sign("POST", URI.create(PUBLIC_URL + path), body);
		this.web.post()
			.uri(path)
			.header("Accept", TAXII)
			.contentType(MediaType.parseMediaType(TAXII))
			.headers((headers) -> signature.forEach(headers::set))
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk();
		RecordingBackend.Received forwarded = partnerApi.last();
		Jwt identity = identity(forwarded);
		assertThat(identity.getSubject()).isEqualTo(PEER);
		assertThat(identity.getClaimAsStringList("roles")).containsExactly("peer");
		assertThat(forwarded.body()).isEqualTo(body);
	}

	@Test
	void refusesWhatItCannotAuthenticateInTheTaxiiFormatWithoutCallingThePartnerApi() {
		JsonNode none = taxiiError(this.web.get().uri("/taxii2/api/").header("Accept", TAXII).exchange(), 401);
		assertThat(none.get("description").asString()).contains("no credentials");
		this.web.get()
			.uri("/taxii2/api/")
			.header("Accept", TAXII)
			.exchange()
			.expectHeader()
			.valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=.*");
		assertThat(taxiiError(get("Bearer not-a-token"), 401).get("description").asString())
			.isEqualTo("bearer token refused");
		assertThat(taxiiError(get("Digest realm=x"), 401).get("description").asString())
			.isEqualTo("unsupported authorization scheme");
		assertThat(taxiiError(get(basic("cert-be", "letmein")), 401).get("description").asString())
			.isEqualTo("unknown API key");
		// a user token with no Caduceus role opens nothing
		String roleless = "Bearer " + new TokenMinter(userKey, "caduceus:" + NODE, "caduceus:" + NODE,
				Duration.ofHours(1), Clock.systemUTC())
			.mint("nobody", Set.of(Role.PEER));
		taxiiError(get(roleless), 403);
		// a signature that does not verify
		String amber = "/taxii2/api/collections/partner-de-peer-amber/objects/";
		Map<String, String> forged = new HashMap<>(EnvelopeSigner.ed25519(PEER, peerKey.privateKey(), Clock.systemUTC())
			.sign("GET", URI.create(PUBLIC_URL + amber), new byte[0]));
		forged.put("Signature", forged.get("Signature").replaceFirst(":[A-Za-z0-9+/]{4}", ":AAAA"));
		assertThat(taxiiError(
				this.web.get().uri(amber).header("Accept", TAXII).headers((h) -> forged.forEach(h::set)).exchange(),
				401)
			.get("description")
			.asString()).startsWith("signature refused");
		assertThat(partnerApi.received()).isEmpty();
	}

	@Test
	void refusesABodyOverTheTaxiiLimitInTheTaxiiFormatWithoutCallingThePartnerApi() {
		taxiiError(this.web.post()
			.uri("/taxii2/api/collections/health-sector-green/objects/")
			.header("Accept", TAXII)
			.header("Authorization", user("carol", Role.COORDINATOR))
			.contentType(MediaType.parseMediaType(TAXII))
			.bodyValue("{\"objects\":[\"" + "x".repeat(3000) + "\"]}")
			.exchange(), 413);
		assertThat(partnerApi.received()).isEmpty();
	}

	@Test
	void routesTheKeyAdministrationToThePartnerApiForAdminsOnly() {
		this.web.get()
			.uri("/api/v1/admin/api-keys")
			.header("Authorization", user("alice", Role.COORDINATOR))
			.exchange()
			.expectStatus()
			.isForbidden();
		assertThat(partnerApi.received()).isEmpty();
		this.web.get()
			.uri("/api/v1/admin/api-keys")
			.header("Authorization", user("root", Role.ADMIN))
			.exchange()
			.expectStatus()
			.isOk();
		Jwt identity = identity(partnerApi.last());
		assertThat(identity.getSubject()).isEqualTo("root");
		assertThat(identity.getClaimAsStringList("roles")).containsExactly("admin");
	}

	private WebTestClient.ResponseSpec get(String authorization) {
		return this.web.get()
			.uri("/taxii2/api/")
			.header("Accept", TAXII)
			.header("Authorization", authorization)
			.exchange();
	}

	private static JsonNode taxiiError(WebTestClient.ResponseSpec response, int status) {
		JsonNode error = JSON.readTree(response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(TAXII)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
		assertThat(error.get("title").asString()).isNotBlank();
		assertThat(error.get("http_status").asString()).isEqualTo(String.valueOf(status));
		return error;
	}

	private static Jwt identity(RecordingBackend.Received forwarded) {
		String relayed = forwarded.headers().get("Authorization").substring("Bearer ".length());
		return PinnedKeyJwtDecoders
			.es256(SigningKey.readPublicKey(keys.resolve("gw.pub.pem")), InternalIdentity.issuer(NODE),
					InternalIdentity.audience(NODE))
			.decode(relayed)
			.block();
	}

	private static String basic(String user, String key) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + key).getBytes(StandardCharsets.UTF_8));
	}

	private static String user(String name, Role role) {
		return "Bearer " + new TokenMinter(userKey, "caduceus:" + NODE, "caduceus:" + NODE, Duration.ofHours(1),
				Clock.systemUTC())
			.mint(name, Set.of(role));
	}

	private static Path tempDir() {
		try {
			return Files.createTempDirectory("caduceus-taxii-routing-test");
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
