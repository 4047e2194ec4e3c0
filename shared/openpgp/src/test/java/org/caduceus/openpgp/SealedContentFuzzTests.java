package org.caduceus.openpgp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What is inside the encryption: any bytes, properly encrypted to us with an intact
 * integrity code, so that the fuzzer reaches the packets a sender controls after
 * decryption (compression, one-pass signature, literal data, signature). The answer is
 * the card only if the pinned key signed it, else a named refusal; never another
 * exception, a hang or an exhausted heap.
 */
class SealedContentFuzzTests {

	/** Fixed keys (test resources), so that the kept seeds decrypt and verify. */
	static final TeamKey US = FuzzKeys.read("fuzz-us.asc");

	static final TeamKey THEM = FuzzKeys.read("fuzz-them.asc");

	@FuzzTest(maxDuration = "10s")
	void anyContentIsRefusedWithAReason(byte[] content) throws IOException, PGPException {
		ByteArrayOutputStream armored = new ByteArrayOutputStream();
		try (ArmoredOutputStream out = ArmoredOutputStream.builder().clearHeaders().build(armored)) {
			PGPEncryptedDataGenerator encryption = new PGPEncryptedDataGenerator(
					new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256).setWithIntegrityPacket(true));
			encryption.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(TeamKey.encryptionKey(US.publicRing())));
			try (OutputStream encrypted = encryption.open(out, new byte[1 << 12])) {
				encrypted.write(content);
			}
		}
		try {
			byte[] opened = CardSealer.open(armored.toString(StandardCharsets.US_ASCII), US, THEM.publicRing());
			assertThat(opened).as("only the card the pinned key signed opens").isEqualTo(FuzzKeys.CARD);
		}
		catch (OpenPgpRejected refused) {
			assertThat(refused.reason()).isNotBlank();
		}
	}

}
