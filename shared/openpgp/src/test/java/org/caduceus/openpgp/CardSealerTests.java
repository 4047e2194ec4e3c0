package org.caduceus.openpgp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.BCPGOutputStream;
import org.bouncycastle.bcpg.CompressionAlgorithmTags;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PacketTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPCompressedDataGenerator;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPUtil;
import org.junit.jupiter.api.Assumptions;
import org.caduceus.testsupport.GnuPg;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class CardSealerTests {

	static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

	static final byte[] CARD = "{\"phone24x7\":\"+31 70 555 0199\",\"onCall\":[\"J. Example\"]}"
		.getBytes(StandardCharsets.UTF_8);

	final TeamKey nl = TeamKey.generate("NL Health CERT <cert@nl.example>", PASSPHRASE);

	final TeamKey de = TeamKey.generate("DE Health CERT <cert@de.example>", PASSPHRASE);

	@Test
	void sealsToSeveralRecipientsAndEachOpensAndVerifiesIt() {
		TeamKey be = TeamKey.generate("BE <cert@be.example>", PASSPHRASE);
		String sealed = CardSealer.seal(CARD, "card.json", this.nl, List.of(this.de.publicRing(), be.publicRing()));
		assertThat(sealed).startsWith("-----BEGIN PGP MESSAGE-----");
		assertThat(CardSealer.open(sealed, this.de, this.nl.publicRing())).isEqualTo(CARD);
		assertThat(CardSealer.open(sealed, be, this.nl.publicRing())).isEqualTo(CARD);
	}

	@Test
	void keysAreV4Ed25519WithAnX25519SubkeyAndSurviveArmoring() {
		assertThat(this.nl.fingerprint()).matches("[0-9A-F]{40}");
		TeamKey reread = TeamKey.readSecret(this.nl.secretKeyArmored(), PASSPHRASE);
		assertThat(reread.fingerprint()).isEqualTo(this.nl.fingerprint());
		assertThat(TeamKey.readPublic(this.nl.publicKeyArmored()).getPublicKey().getVersion()).isEqualTo(4);
		assertThatThrownBy(() -> TeamKey.readSecret(this.nl.secretKeyArmored(), "wrong".toCharArray()))
			.isInstanceOf(OpenPgpRejected.class);
	}

	@Test
	void refusesMalformedArmor() {
		assertRefused("-----BEGIN PGP MESSAGE-----\n\nnot base64 @@@\n-----END PGP MESSAGE-----\n", this.de,
				this.nl.publicRing(), "malformed-message", "not-encrypted");
	}

	@Test
	void refusesAMessageNotEncryptedToUs() {
		TeamKey other = TeamKey.generate("Other <o@x.example>", PASSPHRASE);
		String sealed = CardSealer.seal(CARD, "card.json", this.nl, List.of(other.publicRing()));
		assertRefused(sealed, this.de, this.nl.publicRing(), "not-encrypted-to-us");
	}

	@Test
	void refusesASignatureByAnUnpinnedKey() {
		TeamKey impostor = TeamKey.generate("NL Health CERT <cert@nl.example>", PASSPHRASE);
		String sealed = CardSealer.seal(CARD, "card.json", impostor, List.of(this.de.publicRing()));
		assertRefused(sealed, this.de, this.nl.publicRing(), "unpinned-signer");
	}

	@Test
	void refusesTamperedCiphertext() {
		String sealed = CardSealer.seal(CARD, "card.json", this.nl, List.of(this.de.publicRing()));
		String[] lines = sealed.split("\n");
		int middle = lines.length / 2;
		char[] line = lines[middle].toCharArray();
		line[10] = (line[10] == 'A') ? 'B' : 'A';
		lines[middle] = new String(line);
		assertRefused(String.join("\n", lines), this.de, this.nl.publicRing(), "integrity-failure", "malformed-message",
				"bad-signature");
	}

	/**
	 * Every single-byte change anywhere in the message either is refused as damaged, or
	 * touched only unprotected framing (such as an MPI's bit count) and opens to the very
	 * same card. It is never answered "unsigned" nor opened to other content: the
	 * integrity code is checked before anything inside the decrypted data is read.
	 */
	@Test
	void refusesEverySingleByteChangeThatMatters() throws Exception {
		String sealed = CardSealer.seal(CARD, "card.json", this.nl, List.of(this.de.publicRing()));
		byte[] binary;
		try (InputStream in = PGPUtil
			.getDecoderStream(new ByteArrayInputStream(sealed.getBytes(StandardCharsets.US_ASCII)))) {
			binary = in.readAllBytes();
		}
		int refusedCount = 0;
		for (int at = 0; at < binary.length; at++) {
			byte[] damaged = binary.clone();
			damaged[at] ^= 0x01;
			ByteArrayOutputStream armored = new ByteArrayOutputStream();
			try (ArmoredOutputStream out = new ArmoredOutputStream(armored)) {
				out.write(damaged);
			}
			byte[][] opened = new byte[1][];
			Throwable refused = catchThrowable(() -> opened[0] = CardSealer
				.open(armored.toString(StandardCharsets.US_ASCII), this.de, this.nl.publicRing()));
			if (refused == null) {
				assertThat(opened[0]).as("byte %d of %d changed and opened", at, binary.length).isEqualTo(CARD);
				continue;
			}
			refusedCount++;
			assertThat(refused).as("byte %d of %d changed", at, binary.length)
				.isInstanceOf(OpenPgpRejected.class)
				.extracting((ex) -> ((OpenPgpRejected) ex).reason())
				.isIn("integrity-failure", "malformed-message", "not-encrypted", "not-encrypted-to-us");
		}
		// all of the encrypted data and nearly all of the rest is protected
		assertThat(refusedCount).isGreaterThan(binary.length - 8);
	}

	/**
	 * A small message whose compressed packet inflates to 64 MiB inside a packet that is
	 * not the literal data (an experimental packet, which the packet reader would read
	 * whole) is refused once the bound is passed, before any signature is looked at.
	 */
	@Test
	void refusesACompressionBombWhateverPacketCarriesIt() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ArmoredOutputStream armored = ArmoredOutputStream.builder().clearHeaders().build(out)) {
			PGPEncryptedDataGenerator encryption = new PGPEncryptedDataGenerator(
					new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256).setWithIntegrityPacket(true));
			encryption
				.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(TeamKey.encryptionKey(this.de.publicRing())));
			try (OutputStream encrypted = encryption.open(armored, new byte[1 << 14]);
					OutputStream compressed = new PGPCompressedDataGenerator(CompressionAlgorithmTags.ZLIB)
						.open(encrypted)) {
				PGPPublicKey signer = this.nl.publicRing().getPublicKey();
				PGPSignatureGenerator signature = new PGPSignatureGenerator(
						new BcPGPContentSignerBuilder(signer.getAlgorithm(), HashAlgorithmTags.SHA512), signer);
				signature.init(PGPSignature.BINARY_DOCUMENT, this.nl.signingKey());
				signature.generateOnePassVersion(false).encode(compressed);
				try (BCPGOutputStream experimental = new BCPGOutputStream(compressed, PacketTags.EXPERIMENTAL_1,
						new byte[1 << 16])) {
					byte[] zeros = new byte[1 << 20];
					for (int mebibyte = 0; mebibyte < 64; mebibyte++) {
						experimental.write(zeros);
					}
				}
			}
		}
		String bomb = out.toString(StandardCharsets.US_ASCII);
		assertThat(bomb.length()).isLessThan(CardSealer.MAX_ARMORED);
		assertRefused(bomb, this.de, this.nl.publicRing(), "too-large");
	}

	@Test
	void refusesAnOversizedPayload() {
		assertRefused("x".repeat(CardSealer.MAX_ARMORED + 1), this.de, this.nl.publicRing(), "too-large");
	}

	@Test
	void aCardSealedByCaduceusOpensWithGnuPg() throws Exception {
		Assumptions.assumeTrue(GnuPg.available(), "SKIPPED: no gpg binary on this machine");
		String sealed = CardSealer.seal(CARD, "card.json", this.nl,
				List.of(this.de.publicRing(), TeamKey.generate("x <x@x.example>", PASSPHRASE).publicRing()));
		try (GnuPg gpg = new GnuPg()) {
			assertThat(gpg.run(this.de.secretKeyArmored(), "--passphrase", new String(PASSPHRASE), "--import").exit())
				.isZero();
			assertThat(gpg.run(this.nl.publicKeyArmored(), "--import").exit()).isZero();
			GnuPg.Result opened = gpg.run(sealed, "--passphrase", new String(PASSPHRASE), "--status-fd", "2",
					"--decrypt");
			assertThat(opened.exit()).as(opened.err()).isZero();
			assertThat(opened.out()).isEqualTo(new String(CARD, StandardCharsets.UTF_8));
			assertThat(opened.err()).contains("[GNUPG:] GOODSIG").contains("[GNUPG:] DECRYPTION_OKAY");
		}
	}

	@Test
	void aCardMadeWithGnuPgByACertWithoutANodeOpensInCaduceus() throws Exception {
		Assumptions.assumeTrue(GnuPg.available(), "SKIPPED: no gpg binary on this machine");
		try (GnuPg gpg = new GnuPg()) {
			String fingerprint = gpg.generateTeamKey("Partner CERT <cert@partner.example>");
			PGPPublicKeyRing partner = TeamKey.readPublic(gpg.run("", "--armor", "--export", fingerprint).out());
			assertThat(gpg.run(this.de.publicKeyArmored(), "--import").exit()).isZero();
			Path card = Files.createTempFile(gpg.home(), "card", ".json");
			Files.write(card, CARD);
			GnuPg.Result sealed = gpg.run("", "--passphrase", "", "--trust-model", "always", "--armor", "--local-user",
					fingerprint, "--recipient", this.de.fingerprint(), "--sign", "--encrypt", "--output", "-",
					card.toString());
			assertThat(sealed.exit()).as(sealed.err()).isZero();
			assertThat(CardSealer.open(sealed.out(), this.de, partner)).isEqualTo(CARD);
			// an unsigned message from the same CERT is refused
			GnuPg.Result unsigned = gpg.run("", "--trust-model", "always", "--armor", "--recipient",
					this.de.fingerprint(), "--encrypt", "--output", "-", card.toString());
			assertRefused(unsigned.out(), this.de, partner, "unsigned");
		}
	}

	private static void assertRefused(String armored, TeamKey us, PGPPublicKeyRing pinned, String... reasons) {
		assertThatThrownBy(() -> CardSealer.open(armored, us, pinned)).isInstanceOf(OpenPgpRejected.class)
			.extracting((ex) -> ((OpenPgpRejected) ex).reason())
			.isIn((Object[]) reasons);
	}

}
