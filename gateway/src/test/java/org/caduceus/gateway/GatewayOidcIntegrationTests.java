package org.caduceus.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.caduceus.identity.SigningKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Production mode: user tokens from an OIDC issuer found through its discovery document,
 * with Keycloak-style nested roles. The issuer is a real HTTP server on loopback that
 * publishes the discovery document and its JWK set.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
@org.caduceus.testsupport.TestMongo
class GatewayOidcIntegrationTests {

	static final SigningKey issuerKey = SigningKey.generate();

	static final ECKey jwk = new ECKey.Builder(Curve.P_256, issuerKey.publicKey()).keyID("issuer-key-1").build();

	static final DisposableServer issuer = HttpServer.create()
		.host("127.0.0.1")
		.port(0)
		.route((routes) -> routes
			.get("/realms/health/.well-known/openid-configuration",
					(request, response) -> response.header("Content-Type", "application/json")
						.sendString(Mono
							.just("{\"issuer\":\"" + issuerUrl() + "\",\"jwks_uri\":\"" + issuerUrl() + "/certs\"}")))
			.get("/realms/health/certs",
					(request, response) -> response.header("Content-Type", "application/json")
						.sendString(Mono.just(new JWKSet(jwk).toString(true)))))
		.bindNow();

	static final RecordingBackend backend = new RecordingBackend();

	@Autowired
	WebTestClient web;

	static String issuerUrl() {
		return "http://127.0.0.1:" + issuer.port() + "/realms/health";
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		Path keys = Files.createTempDirectory("caduceus-oidc-test");
		registry.add("caduceus.node.id", () -> "oidc-node");
		registry.add("caduceus.auth.issuer-uri", GatewayOidcIntegrationTests::issuerUrl);
		registry.add("caduceus.auth.audience", () -> "caduceus-api");
		registry.add("caduceus.auth.roles-claim", () -> "realm_access.roles");
		registry.add("caduceus.gateway.identity-key.private", () -> keys.resolve("gw.key.pem").toString());
		registry.add("caduceus.gateway.identity-key.public", () -> keys.resolve("gw.pub.pem").toString());
		registry.add("caduceus.federation.signing-key", () -> keys.resolve("federation.key.pem").toString());
		registry.add("caduceus.federation.public-key", () -> keys.resolve("federation.pub.pem").toString());
		registry.add("caduceus.federation.service-keys.escalation",
				() -> keys.resolve("service-escalation.pub.pem").toString());
		registry.add("CADUCEUS_INTAKE_URL", backend::url);
	}

	@AfterAll
	static void stop() {
		issuer.disposeNow();
		backend.close();
	}

	@BeforeEach
	void clear() {
		backend.received().clear();
	}

	@Test
	void acceptsTheIssuersTokenAndMapsItsNestedRoles() {
		this.web.get()
			.uri("/api/v1/taxonomy")
			.header("Authorization",
					"Bearer " + token(issuerUrl(), "caduceus-api", List.of("coordinator", "offline_access")))
			.exchange()
			.expectStatus()
			.isOk();
		String relayed = backend.last().headers().get("Authorization");
		String payload = new String(java.util.Base64.getUrlDecoder().decode(relayed.substring(7).split("\\.")[1]));
		assertThat(payload).contains("\"roles\":[\"coordinator\"]").contains("\"sub\":\"dr.who\"");
	}

	@Test
	void refusesATokenForAnotherAudienceOrIssuer() {
		for (String token : new String[] { token(issuerUrl(), "some-other-app", List.of("admin")),
				token("http://127.0.0.1:1/realms/evil", "caduceus-api", List.of("admin")) }) {
			this.web.get()
				.uri("/api/v1/taxonomy")
				.header("Authorization", "Bearer " + token)
				.exchange()
				.expectStatus()
				.isUnauthorized();
		}
		assertThat(backend.received()).isEmpty();
	}

	@Test
	void refusesAValidTokenThatCarriesNoCaduceusRole() {
		this.web.get()
			.uri("/api/v1/taxonomy")
			.header("Authorization", "Bearer " + token(issuerUrl(), "caduceus-api", List.of("offline_access")))
			.exchange()
			.expectStatus()
			.isForbidden();
		assertThat(backend.received()).isEmpty();
	}

	private static String token(String iss, String aud, List<String> roles) {
		try {
			JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(iss)
				.audience(aud)
				.subject("dr.who")
				.issueTime(new Date())
				.expirationTime(Date.from(Instant.now().plusSeconds(300)))
				.claim("realm_access", Map.of("roles", roles))
				.build();
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("issuer-key-1").build(),
					claims);
			jwt.sign(new ECDSASigner(issuerKey.privateKey()));
			return jwt.serialize();
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
