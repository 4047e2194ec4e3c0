package org.caduceus.contacts.partner;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.caduceus.contacts.card.CardRead;
import org.caduceus.identity.Role;
import org.caduceus.openpgp.CardSealer;
import org.caduceus.openpgp.KeyRotation;
import org.caduceus.openpgp.TeamKey;
import org.caduceus.testsupport.GnuPg;
import org.caduceus.testsupport.ServiceTest;
import org.caduceus.testsupport.TestIdentity;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partner teams: keys pinned by fingerprint, cards imported only when encrypted to us,
 * intact and signed by the pinned key (one test per way to fail, nothing stored), the
 * armored export that GnuPG opens, a GnuPG-made card that Caduceus opens, and the
 * directory.
 */
@ServiceTest
class PartnerCardIntegrationTests {

	static final char[] PASSPHRASE = "partner passphrase".toCharArray();

	static final TeamKey PARTNER = TeamKey.generate("DE health CERT <cert@de.example>", PASSPHRASE);

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	WebTestClient web;

	@Autowired
	ReactiveMongoTemplate mongo;

	@Autowired
	TeamKey us;

	@BeforeEach
	void pinThePartner() {
		this.mongo.remove(new Query(), PartnerTeam.COLLECTION).block();
		this.mongo.remove(new Query(), CardRead.COLLECTION).block();
		this.mongo.remove(new Query(), "team_card").block();
		pin("de-cert", PARTNER.publicKeyArmored(), PARTNER.fingerprint()).expectStatus().isCreated();
	}

	@Test
	void pinsAKeyOnlyWithItsConfirmedFingerprint() {
		pin("fr-cert", PARTNER.publicKeyArmored(), "0000" + PARTNER.fingerprint().substring(4)).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:fingerprint-mismatch")
			.jsonPath("$.errors[0].field")
			.isEqualTo("fingerprint");
		pin("fr-cert", "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnot a key\n-----END PGP PUBLIC KEY BLOCK-----",
				PARTNER.fingerprint())
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:malformed-key");
		pin("de-cert", PARTNER.publicKeyArmored(), PARTNER.fingerprint()).expectStatus().isEqualTo(409);
		this.web.post()
			.uri("/api/v1/contacts/partners")
			.header("Authorization", TestIdentity.get().bearer("carol", Role.COORDINATOR))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("id", "fr-cert", "country", "FR", "publicKey", PARTNER.publicKeyArmored(), "fingerprint",
					PARTNER.fingerprint()))
			.exchange()
			.expectStatus()
			.isForbidden();
		assertThat(this.mongo.count(new Query(), PartnerTeam.COLLECTION).block()).isEqualTo(1);
	}

	@Test
	void importsACardSealedByThePinnedPartnerAndRecordsEveryConfidentialRead() {
		importCard("de-cert", seal(card("de-cert"), PARTNER, this.us.publicRing())).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.card.teamName")
			.isEqualTo("DE health CERT")
			.jsonPath("$.card.fingerprint")
			.isEqualTo(PARTNER.fingerprint());
		this.web.get()
			.uri("/api/v1/contacts/partners/de-cert/confidential")
			.header("Authorization", TestIdentity.get().bearer("alice", Role.ANALYST))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.confidential.phone24x7")
			.isEqualTo("+49 30 555 0100");
		this.web.get()
			.uri("/api/v1/contacts/partners/de-cert/confidential")
			.header("Authorization", TestIdentity.get().bearer("audrey", Role.AUDITOR))
			.exchange()
			.expectStatus()
			.isForbidden();
		JsonNode reads = asAuditor("/api/v1/contacts/card/reads");
		assertThat(reads).hasSize(1);
		assertThat(reads.get(0).get("card").asString()).isEqualTo("de-cert");
		assertThat(reads.get(0).get("user").asString()).isEqualTo("alice");
	}

	@Test
	void aPinnedPartnerThatHasSentNoCardHasNothingToReadAndNoReadIsRecorded() {
		this.web.get()
			.uri("/api/v1/contacts/partners/de-cert/confidential")
			.header("Authorization", TestIdentity.get().bearer("alice", Role.ANALYST))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Partner team 'de-cert' has sent no card yet");
		assertThat(asAuditor("/api/v1/contacts/card/reads")).isEmpty();
	}

	@Test
	void refusesMalformedArmor() {
		expectRefused("de-cert", "-----BEGIN PGP MESSAGE-----\n\nbm90IGEgbWVzc2FnZQ==\n-----END PGP MESSAGE-----", 422,
				"malformed-message", "not-encrypted");
	}

	@Test
	void refusesAMessageNotEncryptedToUs() {
		TeamKey stranger = TeamKey.generate("Stranger <s@x.example>", PASSPHRASE);
		expectRefused("de-cert", seal(card("de-cert"), PARTNER, stranger.publicRing()), 422, "not-encrypted-to-us");
	}

	@Test
	void refusesACardSignedByAKeyThatIsNotThePinnedOne() {
		TeamKey impostor = TeamKey.generate("DE health CERT <cert@de.example>", PASSPHRASE);
		expectRefused("de-cert", seal(card("de-cert"), impostor, this.us.publicRing()), 422, "unpinned-signer",
				"bad-signature");
	}

	@Test
	void refusesTamperedCiphertext() {
		String sealed = seal(card("de-cert"), PARTNER, this.us.publicRing());
		String[] lines = sealed.split("\n");
		int middle = lines.length / 2;
		char[] chars = lines[middle].toCharArray();
		chars[10] = (chars[10] == 'A') ? 'B' : 'A';
		lines[middle] = new String(chars);
		expectRefused("de-cert", String.join("\n", lines), 422, "integrity-failure", "malformed-message");
	}

	@Test
	void refusesAnOversizedPayload() {
		expectRefused("de-cert",
				"-----BEGIN PGP MESSAGE-----\n\n" + "A".repeat(CardSealer.MAX_ARMORED) + "\n-----END PGP MESSAGE-----",
				413, "too-large", "payload-too-large");
	}

	@Test
	void refusesACardThatNamesAnotherSenderOrIsNoCard() {
		expectRefused("de-cert", seal(card("fr-cert"), PARTNER, this.us.publicRing()), 422, "sender-mismatch");
		String notACard = CardSealer.seal("hello".getBytes(StandardCharsets.UTF_8), "card.json", PARTNER,
				List.of(this.us.publicRing()));
		expectRefused("de-cert", notACard, 422, "malformed-card");
		importCard("nobody", seal(card("nobody"), PARTNER, this.us.publicRing())).expectStatus().isNotFound();
	}

	@Test
	void refusesACardSignedByAKeyRevokedSinceItWasPinnedAndWillNotPinARevokedKey() {
		TeamKey compromised = TeamKey.generate("FR CERT <cert@fr.example>", PASSPHRASE);
		pin("fr-cert", compromised.publicKeyArmored(), compromised.fingerprint()).expectStatus().isCreated();
		// the partner published its revocation and this node took it in
		String revoked = armor(KeyRotation.revoke(compromised));
		this.mongo
			.updateFirst(Query.query(org.springframework.data.mongodb.core.query.Criteria.where("_id").is("fr-cert")),
					new org.springframework.data.mongodb.core.query.Update().set("publicKey", revoked),
					PartnerTeam.COLLECTION)
			.block();
		expectRefused("fr-cert", seal(card("fr-cert"), compromised, this.us.publicRing()), 422, "revoked-key");
		pin("xx-cert", revoked, compromised.fingerprint()).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:revoked-key");
	}

	@Test
	void refusesACardSignedByAnExpiredKey() {
		TeamKey expired = TeamKey.generate("NO CERT <cert@no.example>", PASSPHRASE,
				Instant.now().minus(java.time.Duration.ofDays(30)), java.time.Duration.ofDays(1));
		pin("no-cert", expired.publicKeyArmored(), expired.fingerprint()).expectStatus().isCreated();
		expectRefused("no-cert", seal(card("no-cert"), expired, this.us.publicRing()), 422, "expired-key");
	}

	@Test
	void refusesAnUnsignedCardMadeWithGnuPg() throws Exception {
		Assumptions.assumeTrue(GnuPg.available(), "SKIPPED: no gpg binary on this machine");
		try (GnuPg gpg = new GnuPg()) {
			assertThat(gpg.run(this.us.publicKeyArmored(), "--import").exit()).isZero();
			Path card = Files.createTempFile(gpg.home(), "card", ".json");
			Files.write(card, card("de-cert"));
			GnuPg.Result unsigned = gpg.run("", "--trust-model", "always", "--armor", "--recipient",
					this.us.fingerprint(), "--encrypt", "--output", "-", card.toString());
			assertThat(unsigned.exit()).as(unsigned.err()).isZero();
			expectRefused("de-cert", unsigned.out(), 422, "unsigned");
		}
	}

	@Test
	void aCertWithoutANodeReadsTheExportedCardWithGnuPg() throws Exception {
		Assumptions.assumeTrue(GnuPg.available(), "SKIPPED: no gpg binary on this machine");
		writeOwnCard();
		String exported = this.web.get()
			.uri("/api/v1/contacts/partners/de-cert/export")
			.header("Authorization", TestIdentity.get().bearer("root", Role.ADMIN))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(exported).startsWith("-----BEGIN PGP MESSAGE-----");
		try (GnuPg gpg = new GnuPg()) {
			assertThat(gpg.run(PARTNER.secretKeyArmored(), "--passphrase", new String(PASSPHRASE), "--import").exit())
				.isZero();
			assertThat(gpg.run(this.us.publicKeyArmored(), "--import").exit()).isZero();
			GnuPg.Result opened = gpg.run(exported, "--passphrase", new String(PASSPHRASE), "--status-fd", "2",
					"--decrypt");
			assertThat(opened.exit()).as(opened.err()).isZero();
			assertThat(opened.err()).contains("[GNUPG:] GOODSIG").contains("[GNUPG:] DECRYPTION_OKAY");
			JsonNode card = JSON.readTree(opened.out());
			assertThat(card.get("format").asString()).isEqualTo("caduceus-card/1");
			assertThat(card.get("confidential").get("phone24x7").asString()).isEqualTo("+31 70 555 0199");
		}
		JsonNode reads = asAuditor("/api/v1/contacts/card/reads");
		assertThat(reads.get(0).get("purpose").asString()).isEqualTo("export to de-cert");
	}

	@Test
	void aCardMadeWithGnuPgByACertWithoutANodeImportsAfterItsKeyIsPinned() throws Exception {
		Assumptions.assumeTrue(GnuPg.available(), "SKIPPED: no gpg binary on this machine");
		try (GnuPg gpg = new GnuPg()) {
			String fingerprint = gpg.generateTeamKey("BE health CERT <cert@be.example>");
			pin("be-cert", gpg.run("", "--armor", "--export", fingerprint).out(), fingerprint).expectStatus()
				.isCreated();
			assertThat(gpg.run(this.us.publicKeyArmored(), "--import").exit()).isZero();
			Path card = Files.createTempFile(gpg.home(), "card", ".json");
			Files.write(card, card("be-cert"));
			GnuPg.Result sealed = gpg.run("", "--passphrase", "", "--trust-model", "always", "--armor", "--local-user",
					fingerprint, "--recipient", this.us.fingerprint(), "--sign", "--encrypt", "--output", "-",
					card.toString());
			assertThat(sealed.exit()).as(sealed.err()).isZero();
			importCard("be-cert", sealed.out()).expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.card.teamName")
				.isEqualTo("DE health CERT");
		}
	}

	@Test
	void aNewKeyCertifiedByThePinnedKeyIsAcceptedAndCardsSignedWithItOpen() {
		TeamKey next = TeamKey.generate("DE health CERT <cert@de.example>", PASSPHRASE);
		String endorsed = armor(KeyRotation.endorse(PARTNER, next.publicRing()));
		rotate("de-cert", endorsed).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.fingerprint")
			.isEqualTo(next.fingerprint())
			.jsonPath("$.keyDecisions[1].decision")
			.isEqualTo("ACCEPTED");
		importCard("de-cert", seal(card("de-cert"), next, this.us.publicRing())).expectStatus().isOk();
		// the old key is no longer the pinned one
		importCard("de-cert", seal(card("de-cert"), PARTNER, this.us.publicRing())).expectStatus().isEqualTo(422);
	}

	@Test
	void aNewKeyNotCertifiedByThePinnedKeyWaitsForAnAdminsConfirmation() {
		TeamKey next = TeamKey.generate("DE health CERT <cert@de.example>", PASSPHRASE);
		rotate("de-cert", next.publicKeyArmored()).expectStatus()
			.isAccepted()
			.expectBody()
			.jsonPath("$.fingerprint")
			.isEqualTo(PARTNER.fingerprint())
			.jsonPath("$.pendingFingerprint")
			.isEqualTo(next.fingerprint())
			.jsonPath("$.keyDecisions[1].decision")
			.isEqualTo("QUARANTINED");
		// while quarantined, a card signed with it is refused
		expectRefused("de-cert", seal(card("de-cert"), next, this.us.publicRing()), 422, "unpinned-signer",
				"bad-signature");
		confirm("de-cert", PARTNER.fingerprint()).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:fingerprint-mismatch");
		confirm("de-cert", next.fingerprint()).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.fingerprint")
			.isEqualTo(next.fingerprint())
			.jsonPath("$.keyDecisions[2].decision")
			.isEqualTo("CONFIRMED")
			.jsonPath("$.keyDecisions[2].by")
			.isEqualTo("root");
		importCard("de-cert", seal(card("de-cert"), next, this.us.publicRing())).expectStatus().isOk();
		confirm("de-cert", next.fingerprint()).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:no-pending-key");
	}

	@Test
	void theDirectoryListsOurCardAndPartnersCardsBySearch() {
		writeOwnCard();
		importCard("de-cert", seal(card("de-cert"), PARTNER, this.us.publicRing())).expectStatus().isOk();
		assertThat(directory("")).hasSize(2);
		JsonNode german = directory("?country=de");
		assertThat(german).hasSize(1);
		assertThat(german.get(0).get("id").asString()).isEqualTo("de-cert");
		assertThat(german.get(0).get("card").has("phone24x7")).isFalse();
		// nothing confidential anywhere in the directory, ours or the partner's
		assertThat(directory("").toString()).contains("DE health CERT", "Z-CERT")
			.doesNotContain("+49 30 555 0100", "notfall@de.example", "Erika Muster", OwnCardFixture.PHONE,
					"emergency@z-cert.example", "confidential");
		assertThat(directory("?sector=HEALTH")).hasSize(2);
		assertThat(directory("?country=FR")).isEmpty();
	}

	private JsonNode directory(String query) {
		return asAuditor("/api/v1/contacts/directory" + query);
	}

	/** A GET as an auditor, expecting 200 and JSON. */
	private JsonNode asAuditor(String path) {
		return this.web.get()
			.uri(path)
			.header("Authorization", TestIdentity.get().bearer("audrey", Role.AUDITOR))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private void expectRefused(String partner, String armored, int status, String... types) {
		importCard(partner, armored).expectStatus()
			.isEqualTo(status)
			.expectBody()
			.jsonPath("$.type")
			.value((String type) -> assertThat(type.substring("urn:caduceus:problem:".length()))
				.isIn((Object[]) types));
		PartnerTeam stored = this.mongo.findById(partner, PartnerTeam.class).block();
		assertThat(stored.card()).as("nothing stored").isNull();
	}

	private WebTestClient.ResponseSpec rotate(String partner, String publicKey) {
		return this.web.post()
			.uri("/api/v1/contacts/partners/" + partner + "/keys")
			.header("Authorization", TestIdentity.get().bearer("root", Role.ADMIN))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("publicKey", publicKey))
			.exchange();
	}

	private WebTestClient.ResponseSpec confirm(String partner, String fingerprint) {
		return this.web.post()
			.uri("/api/v1/contacts/partners/" + partner + "/keys/confirm")
			.header("Authorization", TestIdentity.get().bearer("root", Role.ADMIN))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("fingerprint", fingerprint))
			.exchange();
	}

	private static String armor(org.bouncycastle.openpgp.PGPPublicKeyRing ring) {
		try (java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
				org.bouncycastle.bcpg.ArmoredOutputStream armored = org.bouncycastle.bcpg.ArmoredOutputStream.builder()
					.build(out)) {
			armored.write(ring.getEncoded());
			armored.close();
			return out.toString(StandardCharsets.US_ASCII);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private WebTestClient.ResponseSpec importCard(String partner, String armored) {
		return this.web.post()
			.uri("/api/v1/contacts/partners/" + partner + "/import")
			.header("Authorization", TestIdentity.get().bearer("root", Role.ADMIN))
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue(armored)
			.exchange();
	}

	private WebTestClient.ResponseSpec pin(String id, String key, String fingerprint) {
		return this.web.post()
			.uri("/api/v1/contacts/partners")
			.header("Authorization", TestIdentity.get().bearer("root", Role.ADMIN))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("id", id, "country", "DE", "publicKey", key, "fingerprint", fingerprint))
			.exchange();
	}

	private void writeOwnCard() {
		OwnCardFixture.write(this.web);
	}

	private static String seal(byte[] content, TeamKey sender, org.bouncycastle.openpgp.PGPPublicKeyRing recipient) {
		return CardSealer.seal(content, "card.json", sender, List.of(recipient));
	}

	/** A card as the partner team would seal it. */
	private static byte[] card(String from) {
		Map<String, Object> card = new LinkedHashMap<>();
		card.put("format", "caduceus-card/1");
		card.put("from", from);
		card.put("cardVersion", 3);
		card.put("sentAt", Instant.parse("2026-11-24T03:00:00Z").toString());
		card.put("publicPart", Map.of("teamName", "DE health CERT", "country", "DE", "constituency", "German hospitals",
				"sector", "health"));
		card.put("confidential", Map.of("phone24x7", "+49 30 555 0100", "emergencyEmail", "notfall@de.example",
				"onCall", List.of(Map.of("name", "Erika Muster", "hours", "24/7"))));
		return JSON.writeValueAsBytes(card);
	}

}
