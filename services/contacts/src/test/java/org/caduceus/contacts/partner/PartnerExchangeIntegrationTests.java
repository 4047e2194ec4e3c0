package org.caduceus.contacts.partner;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.caduceus.identity.Role;
import org.caduceus.openpgp.CardSealer;
import org.caduceus.openpgp.TeamKey;
import org.caduceus.testsupport.ServiceTest;
import org.caduceus.testsupport.TestIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cards between nodes: sent through the gateway's egress (a real HTTP server stands for
 * the gateway and records what it would sign and send), and received from a verified
 * peer, opened against its pinned key; a wrong sender, an unpinned team or a broken card
 * stores nothing.
 */
@ServiceTest
class PartnerExchangeIntegrationTests {

	static final TeamKey PARTNER = TeamKey.generate("DE health CERT <cert@de.example>", "p".toCharArray());

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final List<String> egress = new CopyOnWriteArrayList<>();

	static volatile int egressStatus = 201;

	static final DisposableServer gateway = HttpServer.create()
		.host("127.0.0.1")
		.port(0)
		.route((routes) -> routes
			.get("/internal/federation/peers/{id}",
					(request, response) -> request.param("id").equals("de-cert")
							? response.header("Content-Type", "application/json")
								.sendString(Mono.just("{\"nodeId\":\"de-cert\",\"country\":\"DE\","
										+ "\"baseUrl\":\"https://de.example\",\"tlpCeiling\":\"amber\"}"))
							: response.status(404).send())
			.post("/internal/federation/egress/de-cert/contacts/{kind}",
					(request, response) -> request.receive().aggregate().asString().flatMap((body) -> {
						egress.add(request.param("kind") + " " + body);
						return Mono.from(response.status(egressStatus).sendString(Mono.just("{}")));
					})))
		.bindNow();

	@Autowired
	WebTestClient web;

	@Autowired
	ReactiveMongoTemplate mongo;

	@Autowired
	TeamKey us;

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		registry.add("caduceus.contacts.exchange.gateway-url", () -> "http://127.0.0.1:" + gateway.port());
	}

	@AfterAll
	static void stop() {
		gateway.disposeNow();
	}

	@BeforeEach
	void partners() {
		egress.clear();
		egressStatus = 201;
		this.mongo.remove(new Query(), PartnerTeam.COLLECTION).block();
		this.mongo.remove(new Query(), "team_card").block();
		pin("de-cert", PARTNER);
		pin("be-cert", TeamKey.generate("BE CERT <cert@be.example>", "b".toCharArray()));
		OwnCardFixture.write(this.web);
	}

	@Test
	void sendsTheCardSealedToThePartnersPinnedKeyThroughTheGateway() {
		exchange(List.of("de-cert")).expectStatus().isOk().expectBody().jsonPath("$[0].status").isEqualTo("SENT");
		JsonNode sent = JSON.readTree(egress.get(0).substring("cards ".length()));
		assertThat(sent.get("from").asString()).isEqualTo("test-node");
		byte[] opened = CardSealer.open(sent.get("sealed").asString(), PARTNER, this.us.publicRing());
		assertThat(new String(opened, StandardCharsets.UTF_8)).contains("\"phone24x7\":\"+31 70 555 0199\"",
				"\"format\":\"caduceus-card/1\"");
	}

	@Test
	void refusesRecipientsThatAreNotPinnedOrRunNoPeeredNode() {
		exchange(List.of("nobody")).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:unknown-partner")
			.jsonPath("$.errors[0].field")
			.isEqualTo("to[0]");
		exchange(List.of("de-cert", "be-cert")).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:not-a-peer")
			.jsonPath("$.errors[0].field")
			.isEqualTo("to[1]");
		assertThat(egress).isEmpty();
	}

	@Test
	void reportsAPartnerThatDidNotTakeTheCard() {
		egressStatus = 502;
		exchange(List.of("de-cert")).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[0].status")
			.isEqualTo("FAILED")
			.jsonPath("$[0].detail")
			.value((String detail) -> assertThat(detail).startsWith("HTTP 502"));
	}

	@Test
	void receivesACardFromAVerifiedPeerOpenedAgainstItsPinnedKey() {
		receive("de-cert", "de-cert", seal(PARTNER, "de-cert")).expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.cardVersion")
			.isEqualTo(2);
		PartnerTeam stored = this.mongo.findById("de-cert", PartnerTeam.class).block();
		assertThat(stored.card().via()).isEqualTo("federation");
		assertThat(stored.card().receivedBy()).isEqualTo("node.de-cert");
	}

	@Test
	void refusesACardFromAnotherSenderAnUnpinnedTeamOrThatDoesNotOpen() {
		receive("be-cert", "de-cert", seal(PARTNER, "de-cert")).expectStatus().isForbidden();
		receive("fr-cert", "fr-cert", seal(PARTNER, "fr-cert")).expectStatus().isForbidden();
		receive("be-cert", "be-cert", seal(PARTNER, "be-cert")).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.type")
			.value((String type) -> assertThat(type).isIn("urn:caduceus:problem:unpinned-signer",
					"urn:caduceus:problem:bad-signature"));
		this.web.post()
			.uri("/federation/v1/contacts/cards")
			.header("Authorization", TestIdentity.get().bearer("carol", Role.COORDINATOR))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("from", "de-cert", "sealed", seal(PARTNER, "de-cert")))
			.exchange()
			.expectStatus()
			.isForbidden();
		assertThat(this.mongo.findById("de-cert", PartnerTeam.class).block().card()).isNull();
		assertThat(this.mongo.findById("be-cert", PartnerTeam.class).block().card()).isNull();
	}

	@Test
	void asksAPartnerForItsCardAndApprovesOrDeclinesWhatPartnersAsk() {
		this.mongo.remove(new Query(), "card_requests").block();
		this.web.post()
			.uri("/api/v1/contacts/requests")
			.header("Authorization", TestIdentity.get().bearer("carol", Role.COORDINATOR))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("to", "de-cert", "reason", "ransomware wave: we need your on-call list"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("SENT");
		assertThat(egress.get(0)).startsWith("requests ").contains("ransomware wave");
		egress.clear();
		// a partner asks us: nothing is sent until an admin approves
		String requestId = java.util.UUID.randomUUID().toString();
		Map<String, Object> asked = Map.of("from", "de-cert", "requestId", requestId, "reason", "joint exercise");
		for (int i = 0; i < 2; i++) {
			this.web.post()
				.uri("/federation/v1/contacts/requests")
				.header("Authorization", TestIdentity.get().bearer("de-cert", Role.PEER))
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(asked)
				.exchange()
				.expectStatus()
				.isAccepted()
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo("PENDING");
		}
		assertThat(egress).isEmpty();
		assertThat(this.mongo.count(new Query(), "card_requests").block()).isEqualTo(2);
		this.web.post()
			.uri("/federation/v1/contacts/requests")
			.header("Authorization", TestIdentity.get().bearer("fr-cert", Role.PEER))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("from", "fr-cert", "requestId", requestId, "reason", "please"))
			.exchange()
			.expectStatus()
			.isForbidden();
		String id = "de-cert:" + requestId;
		this.web.post()
			.uri("/api/v1/contacts/requests/" + id + "/approve")
			.header("Authorization", TestIdentity.get().bearer("carol", Role.COORDINATOR))
			.exchange()
			.expectStatus()
			.isForbidden();
		this.web.post()
			.uri("/api/v1/contacts/requests/" + id + "/approve")
			.header("Authorization", TestIdentity.get().bearer("root", Role.ADMIN))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("APPROVED")
			.jsonPath("$.decidedBy")
			.isEqualTo("root");
		assertThat(egress).hasSize(1);
		assertThat(egress.get(0)).startsWith("cards ");
		this.web.post()
			.uri("/api/v1/contacts/requests/" + id + "/decline")
			.header("Authorization", TestIdentity.get().bearer("root", Role.ADMIN))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("reason", "changed our mind"))
			.exchange()
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:request-decided");
		this.web.post()
			.uri("/api/v1/contacts/requests/nobody:x/approve")
			.header("Authorization", TestIdentity.get().bearer("root", Role.ADMIN))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void aPartnerAskingAgainLearnsWhereItsRequestStandsButNotWhoDecidedNorWhy() {
		this.mongo.remove(new Query(), "card_requests").block();
		String requestId = java.util.UUID.randomUUID().toString();
		Map<String, Object> asked = Map.of("from", "de-cert", "requestId", requestId, "reason", "joint exercise");
		ask(asked).expectStatus().isAccepted();
		this.web.post()
			.uri("/api/v1/contacts/requests/de-cert:" + requestId + "/decline")
			.header("Authorization", TestIdentity.get().bearer("dora.admin", Role.ADMIN))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("reason", "their constituency overlaps with ours"))
			.exchange()
			.expectStatus()
			.isOk();
		// the one read a partner node has of this node's requests: sending its own again
		ask(asked).expectStatus()
			.isAccepted()
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("\"status\":\"DECLINED\"", "joint exercise")
				.doesNotContain("their constituency", "dora.admin", "decidedAt\":\"2"));
		// this node's admins and auditors still read who declined it and why
		this.web.get()
			.uri("/api/v1/contacts/requests")
			.header("Authorization", TestIdentity.get().bearer("audrey", Role.AUDITOR))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("their constituency overlaps with ours", "dora.admin"));
		assertThat(egress).isEmpty();
	}

	private WebTestClient.ResponseSpec ask(Map<String, Object> request) {
		return this.web.post()
			.uri("/federation/v1/contacts/requests")
			.header("Authorization", TestIdentity.get().bearer(String.valueOf(request.get("from")), Role.PEER))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(request)
			.exchange();
	}

	private String seal(TeamKey sender, String from) {
		byte[] card = JSON.writeValueAsBytes(Map.of("format", "caduceus-card/1", "from", from, "cardVersion", 2,
				"sentAt", "2026-11-24T03:00:00Z", "publicPart",
				Map.of("teamName", "DE health CERT", "country", "DE", "constituency", "German hospitals", "sector",
						"health"),
				"confidential",
				Map.of("phone24x7", "+49 30 555 0100", "emergencyEmail", "notfall@de.example", "onCall", List.of())));
		return CardSealer.seal(card, "card.json", sender, List.of(this.us.publicRing()));
	}

	private WebTestClient.ResponseSpec receive(String signedBy, String from, String sealed) {
		return this.web.post()
			.uri("/federation/v1/contacts/cards")
			.header("Authorization", TestIdentity.get().bearer(signedBy, Role.PEER))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("from", from, "sealed", sealed))
			.exchange();
	}

	private WebTestClient.ResponseSpec exchange(List<String> to) {
		return this.web.post()
			.uri("/api/v1/contacts/exchanges")
			.header("Authorization", TestIdentity.get().bearer("root", Role.ADMIN))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("to", to))
			.exchange();
	}

	private void pin(String id, TeamKey key) {
		this.web.post()
			.uri("/api/v1/contacts/partners")
			.header("Authorization", TestIdentity.get().bearer("root", Role.ADMIN))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("id", id, "country", "DE", "publicKey", key.publicKeyArmored(), "fingerprint",
					key.fingerprint()))
			.exchange()
			.expectStatus()
			.isCreated();
	}

}
