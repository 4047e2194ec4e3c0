package org.caduceus.contacts.card;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.caduceus.identity.Role;
import org.caduceus.openpgp.TeamKey;
import org.caduceus.testsupport.ServiceTest;
import org.caduceus.testsupport.TestIdentity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node's own team card and its key: written by admins with If-Match, the public part
 * for every role, the confidential part for analysts, coordinators and admins with every
 * read recorded for auditors, history without personal values, nothing personal in logs.
 */
@ServiceTest
@ExtendWith(OutputCaptureExtension.class)
class TeamCardIntegrationTests {

	static final String PHONE = "+31 70 555 0199";

	static final String ON_CALL = "Jan de Wacht";

	@Autowired
	WebTestClient web;

	@Autowired
	ReactiveMongoTemplate mongo;

	@Autowired
	TeamKey teamKey;

	@BeforeEach
	void noCardYet() {
		this.mongo.remove(new Query(), TeamCard.COLLECTION).block();
		this.mongo.remove(new Query(), CardRead.COLLECTION).block();
	}

	@Test
	void anAdminWritesTheCardWithIfMatchAndEveryRoleReadsThePublicPart() {
		write("\"0\"", card("Z-CERT", PHONE)).expectStatus().isOk().expectHeader().valueEquals("ETag", "\"1\"");
		write(null, card("Z-CERT health", PHONE)).expectStatus()
			.isEqualTo(428)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:if-match-required");
		write("\"0\"", card("Z-CERT again", PHONE)).expectStatus().isEqualTo(412);
		write("\"1\"", card("Z-CERT health", PHONE)).expectStatus().isOk().expectHeader().valueEquals("ETag", "\"2\"");
		write("\"1\"", card("stale", PHONE)).expectStatus()
			.isEqualTo(412)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:stale-version");
		for (Role role : List.of(Role.ANALYST, Role.COORDINATOR, Role.ADMIN, Role.AUDITOR)) {
			this.web.get()
				.uri("/api/v1/contacts/card")
				.header("Authorization", TestIdentity.get().bearer("reader", role))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.version")
				.isEqualTo(2)
				.jsonPath("$.publicPart.teamName")
				.isEqualTo("Z-CERT health")
				.jsonPath("$.publicPart.fingerprint")
				.isEqualTo(this.teamKey.fingerprint())
				.jsonPath("$.confidential")
				.doesNotExist();
		}
	}

	@Test
	void onlyAdminsWriteTheCard() {
		this.web.put()
			.uri("/api/v1/contacts/card")
			.header("Authorization", TestIdentity.get().bearer("carol", Role.COORDINATOR))
			.header("If-Match", "\"0\"")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(card("Z-CERT", PHONE))
			.exchange()
			.expectStatus()
			.isForbidden();
		this.web.get()
			.uri("/api/v1/contacts/card")
			.header("Authorization", TestIdentity.get().bearer("alice", Role.ANALYST))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:no-card");
	}

	@Test
	void everyReadOfTheConfidentialPartIsRecordedForAuditorsWhoCannotReadIt() {
		write("\"0\"", card("Z-CERT", PHONE)).expectStatus().isOk();
		this.web.get()
			.uri("/api/v1/contacts/card/confidential")
			.header("Authorization", TestIdentity.get().bearer("alice", Role.ANALYST))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.confidential.phone24x7")
			.isEqualTo(PHONE)
			.jsonPath("$.confidential.onCall[0].name")
			.isEqualTo(ON_CALL);
		this.web.get()
			.uri("/api/v1/contacts/card/confidential")
			.header("Authorization", TestIdentity.get().bearer("audrey", Role.AUDITOR))
			.exchange()
			.expectStatus()
			.isForbidden();
		JsonNode reads = this.web.get()
			.uri("/api/v1/contacts/card/reads")
			.header("Authorization", TestIdentity.get().bearer("audrey", Role.AUDITOR))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(reads).hasSize(1);
		assertThat(reads.get(0).get("user").asString()).isEqualTo("alice");
		assertThat(reads.get(0).get("cardVersion").asInt()).isEqualTo(1);
		this.web.get()
			.uri("/api/v1/contacts/card/reads")
			.header("Authorization", TestIdentity.get().bearer("alice", Role.ANALYST))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Test
	void historyNamesWhatChangedWithoutPersonalValuesAndLogsHoldNone(CapturedOutput output) {
		// tests log warnings only: raised here, so that a personal value logged at any
		// level would show
		Logger logger = (Logger) LoggerFactory.getLogger("org.caduceus");
		Level level = logger.getLevel();
		logger.setLevel(Level.DEBUG);
		try {
			write("\"0\"", card("Z-CERT", PHONE)).expectStatus().isOk();
			write("\"1\"", card("Z-CERT health", "+31 70 555 0111")).expectStatus().isOk();
		}
		finally {
			logger.setLevel(level);
		}
		JsonNode history = this.web.get()
			.uri("/api/v1/contacts/card/history")
			.header("Authorization", TestIdentity.get().bearer("audrey", Role.AUDITOR))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(history).hasSize(2);
		JsonNode second = history.get(1).get("changes");
		assertThat(second.toString()).contains("teamName", "Z-CERT health", "confidential.phone24x7", "(personal data)")
			.doesNotContain("555 0111", PHONE);
		// the writes' own log lines are captured, so the absence below is of something
		// that could be there
		assertThat(output.getAll()).contains("team card version 2 written by root")
			.doesNotContain(PHONE, "555 0111", ON_CALL, "oncall@z-cert.example");
	}

	@Test
	void refusesBadCardsNamingTheFieldAndChangesNothing() {
		write("\"0\"", card("Z-CERT", PHONE)).expectStatus().isOk();
		Map<String, Object> badCountry = card("Z-CERT", PHONE);
		badCountry.put("country", "Netherlands");
		expectInvalid(badCountry, "country");
		Map<String, Object> plainHttp = card("Z-CERT", PHONE);
		plainHttp.put("website", "http://z-cert.example");
		expectInvalid(plainHttp, "website");
		expectInvalid(card("Z-CERT", "0800-CALL-US"), "confidential.phone24x7");
		Map<String, Object> badEmail = card("Z-CERT", PHONE);
		badEmail.put("confidential",
				Map.of("phone24x7", PHONE, "emergencyEmail", "not-an-address", "onCall", List.of()));
		expectInvalid(badEmail, "confidential.emergencyEmail");
		Map<String, Object> extra = card("Z-CERT", PHONE);
		extra.put("fingerprint", "0000");
		write("\"1\"", extra).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:unknown-field");
		TeamCard card = this.mongo.findById(TeamCard.OWN, TeamCard.class).block();
		assertThat(card.version()).isEqualTo(1);
		assertThat(card.history()).hasSize(1);
	}

	@Test
	void publishesTheTeamKeyArmoredAndKeepsTheSecretKeyEncryptedOwnerOnly() throws Exception {
		String armored = this.web.get()
			.uri("/api/v1/contacts/key.asc")
			.header("Authorization", TestIdentity.get().bearer("alice", Role.ANALYST))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("application/pgp-keys")
			.expectHeader()
			.valueEquals("X-Caduceus-Fingerprint", this.teamKey.fingerprint())
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(armored).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----").doesNotContain("PRIVATE");
		assertThat(TeamKey.readPublic(armored).getPublicKey().getFingerprint())
			.isEqualTo(this.teamKey.publicRing().getPublicKey().getFingerprint());
		Path secret = Path.of("target/test-data/keys/team-key.asc");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions
			.toString(Files.getPosixFilePermissions(Path.of("target/test-data/keys/team-key.passphrase"))))
			.isEqualTo("rw-------");
		// without the passphrase the secret key cannot be used
		assertThat(org.assertj.core.api.Assertions
			.catchThrowable(() -> TeamKey.readSecret(Files.readString(secret), "wrong".toCharArray()))).isNotNull();
	}

	private void expectInvalid(Map<String, Object> body, String field) {
		write("\"1\"", body).expectStatus().isEqualTo(422).expectBody().jsonPath("$.errors[0].field").isEqualTo(field);
	}

	private WebTestClient.ResponseSpec write(String ifMatch, Map<String, Object> body) {
		return this.web.put()
			.uri("/api/v1/contacts/card")
			.header("Authorization", TestIdentity.get().bearer("root", Role.ADMIN))
			.headers((headers) -> {
				if (ifMatch != null) {
					headers.set("If-Match", ifMatch);
				}
			})
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private static Map<String, Object> card(String teamName, String phone) {
		Map<String, Object> card = new LinkedHashMap<>();
		card.put("teamName", teamName);
		card.put("country", "NL");
		card.put("constituency", "Dutch hospitals and health-care providers");
		card.put("sector", "health");
		card.put("website", "https://z-cert.example");
		card.put("rfc2350Url", "https://z-cert.example/rfc2350.txt");
		card.put("confidential",
				Map.of("phone24x7", phone, "emergencyEmail", "emergency@z-cert.example", "onCall",
						List.of(Map.of("name", ON_CALL, "phone", "+31 6 5555 0100", "email", "oncall@z-cert.example",
								"hours", "Mon-Fri 18:00-08:00 CET"))));
		return card;
	}

}
