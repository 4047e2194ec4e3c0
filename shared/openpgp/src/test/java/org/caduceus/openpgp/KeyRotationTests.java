package org.caduceus.openpgp;

import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.caduceus.testsupport.GnuPg;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyRotationTests {

	static final char[] PASSPHRASE = "rotation".toCharArray();

	@Test
	void aNewKeyCertifiedByThePinnedOneIsEndorsedAndNoOtherIs() {
		TeamKey old = TeamKey.generate("DE CERT <cert@de.example>", PASSPHRASE);
		TeamKey next = TeamKey.generate("DE CERT <cert@de.example>", PASSPHRASE);
		TeamKey stranger = TeamKey.generate("DE CERT <cert@de.example>", PASSPHRASE);
		PGPPublicKeyRing endorsed = KeyRotation.endorse(old, next.publicRing());
		assertThat(KeyRotation.endorsedBy(endorsed, old.publicRing())).isTrue();
		assertThat(KeyRotation.endorsedBy(next.publicRing(), old.publicRing())).as("not certified").isFalse();
		assertThat(KeyRotation.endorsedBy(KeyRotation.endorse(stranger, next.publicRing()), old.publicRing()))
			.as("certified by someone else")
			.isFalse();
		// survives armoring, as it travels
		String armored = TeamKey.armor(encoded(endorsed));
		assertThat(KeyRotation.endorsedBy(TeamKey.readPublic(armored), old.publicRing())).isTrue();
	}

	@Test
	void aCertificationMadeWithGnuPgEndorsesTheNewKey() throws Exception {
		Assumptions.assumeTrue(GnuPg.available(), "SKIPPED: no gpg binary on this machine");
		try (GnuPg gpg = new GnuPg()) {
			String old = gpg.generateTeamKey("Old BE CERT <cert@be.example>");
			String next = gpg.generateTeamKey("New BE CERT <cert@be.example>");
			PGPPublicKeyRing pinned = TeamKey.readPublic(gpg.run("", "--armor", "--export", old).out());
			assertThat(
					KeyRotation.endorsedBy(TeamKey.readPublic(gpg.run("", "--armor", "--export", next).out()), pinned))
				.isFalse();
			GnuPg.Result signed = gpg.run("", "--passphrase", "", "--local-user", old, "--quick-sign-key", next);
			assertThat(signed.exit()).as(signed.err()).isZero();
			assertThat(
					KeyRotation.endorsedBy(TeamKey.readPublic(gpg.run("", "--armor", "--export", next).out()), pinned))
				.isTrue();
		}
	}

	private static byte[] encoded(PGPPublicKeyRing ring) {
		try {
			return ring.getEncoded();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
