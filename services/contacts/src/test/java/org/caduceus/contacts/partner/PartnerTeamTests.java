package org.caduceus.contacts.partner;

import java.time.Instant;

import org.caduceus.contacts.partner.PartnerProblems.InvalidPartnerData;
import org.caduceus.openpgp.KeyRotation;
import org.caduceus.openpgp.TeamKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A partner's keys change only by its own rules: pinned by the confirmed fingerprint, a
 * new key accepted when the pinned one certified it and quarantined otherwise, a
 * quarantined key pinned once an admin confirms its fingerprint.
 */
class PartnerTeamTests {

	static final char[] PASSPHRASE = "p".toCharArray();

	static final TeamKey PARTNER = TeamKey.generate("DE health CERT <cert@de.example>", PASSPHRASE);

	static final Instant AT = Instant.parse("2026-11-24T03:00:00Z");

	@Test
	void pinsOnlyTheKeyWhoseFingerprintWasConfirmedAndNeverARevokedOne() {
		String spaced = PARTNER.fingerprint().toLowerCase().replaceAll("(.{4})", "$1 ");
		PartnerTeam pinned = pin(spaced);
		assertThat(pinned.fingerprint()).isEqualTo(PARTNER.fingerprint());
		assertThat(pinned.keyDecisions()).singleElement()
			.satisfies((decision) -> assertThat(decision.decision()).isEqualTo("PINNED"));
		assertThat(refused(() -> pin("0000" + PARTNER.fingerprint().substring(4)))).isEqualTo("fingerprint-mismatch");
		TeamKey compromised = TeamKey.generate("FR CERT <cert@fr.example>", PASSPHRASE);
		assertThat(refused(() -> PartnerTeam.pin("fr-cert", "FR", "armored", KeyRotation.revoke(compromised),
				compromised.fingerprint(), AT, "root")))
			.isEqualTo("revoked-key");
	}

	@Test
	void aKeyCertifiedByThePinnedOneIsAcceptedAtOnce() {
		TeamKey next = TeamKey.generate("DE health CERT <cert@de.example>", PASSPHRASE);
		PartnerTeam rotated = pin(PARTNER.fingerprint()).present(KeyRotation.endorse(PARTNER, next.publicRing()),
				"next armored", AT, "root");
		assertThat(rotated.fingerprint()).isEqualTo(next.fingerprint());
		assertThat(rotated.publicKey()).isEqualTo("next armored");
		assertThat(rotated.quarantined()).isFalse();
		assertThat(rotated.keyDecisions().get(1).decision()).isEqualTo("ACCEPTED");
	}

	@Test
	void aKeyNotCertifiedWaitsUntilAnAdminConfirmsItsFingerprint() {
		TeamKey next = TeamKey.generate("DE health CERT <cert@de.example>", PASSPHRASE);
		PartnerTeam partner = pin(PARTNER.fingerprint());
		assertThat(refused(() -> partner.confirm(next.fingerprint(), AT, "root"))).isEqualTo("no-pending-key");
		PartnerTeam quarantined = partner.present(next.publicRing(), next.publicKeyArmored(), AT, "root");
		assertThat(quarantined.quarantined()).isTrue();
		assertThat(quarantined.fingerprint()).isEqualTo(PARTNER.fingerprint());
		assertThat(quarantined.keyDecisions().get(1).decision()).isEqualTo("QUARANTINED");
		assertThat(refused(() -> quarantined.confirm(PARTNER.fingerprint(), AT, "root")))
			.isEqualTo("fingerprint-mismatch");
		PartnerTeam confirmed = quarantined.confirm(next.fingerprint(), AT.plusSeconds(60), "admin");
		assertThat(confirmed.fingerprint()).isEqualTo(next.fingerprint());
		assertThat(confirmed.publicKey()).isEqualTo(next.publicKeyArmored());
		assertThat(confirmed.quarantined()).isFalse();
		assertThat(confirmed.keyDecisions().get(2).decision()).isEqualTo("CONFIRMED");
		assertThat(confirmed.keyDecisions().get(2).by()).isEqualTo("admin");
	}

	@Test
	void thePinnedKeyIsNotANewKey() {
		assertThat(refused(
				() -> pin(PARTNER.fingerprint()).present(PARTNER.publicRing(), PARTNER.publicKeyArmored(), AT, "root")))
			.isEqualTo("same-key");
	}

	private static PartnerTeam pin(String confirmedFingerprint) {
		return PartnerTeam.pin("de-cert", "DE", PARTNER.publicKeyArmored(), PARTNER.publicRing(), confirmedFingerprint,
				AT, "root");
	}

	private static String refused(Runnable change) {
		return catchThrowableOfType(InvalidPartnerData.class, change::run).slug();
	}

}
