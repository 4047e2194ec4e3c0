package org.caduceus.openpgp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Date;
import java.util.List;

import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.CompressionAlgorithmTags;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPCompressedDataGenerator;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPOnePassSignature;
import org.bouncycastle.openpgp.PGPOnePassSignatureList;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyDataDecryptorFactory;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;

/**
 * Seals a card (signs it with our key, then encrypts it to each recipient) as an armored
 * OpenPGP message that GnuPG opens, and opens sealed cards: decrypt with our key, require
 * integrity protection, require one signature, made by the pinned key of the expected
 * sender, valid and neither revoked nor expired. Anything else is refused with a named
 * reason and no content.
 */
public final class CardSealer {

	/** Sealed messages larger than this are refused before decryption. */
	public static final int MAX_ARMORED = 256 * 1024;

	/**
	 * At most this many bytes are read out of a message's compressed packet: the card,
	 * its signature and their packet headers, with room to spare.
	 */
	static final int MAX_INFLATED = 2 * MAX_ARMORED;

	private static final SecureRandom RANDOM = new SecureRandom();

	private CardSealer() {
	}

	/**
	 * @return an armored OpenPGP message: signed by {@code sender}, encrypted to every
	 * recipient
	 */
	public static String seal(byte[] content, String fileName, TeamKey sender, List<PGPPublicKeyRing> recipients) {
		if (recipients.isEmpty()) {
			throw new IllegalArgumentException("a sealed card needs at least one recipient");
		}
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			try (ArmoredOutputStream armored = ArmoredOutputStream.builder().clearHeaders().build(out)) {
				PGPEncryptedDataGenerator encryption = new PGPEncryptedDataGenerator(
						new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256).setWithIntegrityPacket(true)
							.setSecureRandom(RANDOM));
				for (PGPPublicKeyRing recipient : recipients) {
					encryption.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(TeamKey.encryptionKey(recipient)));
				}
				try (OutputStream encrypted = encryption.open(armored, new byte[1 << 14])) {
					PGPCompressedDataGenerator compression = new PGPCompressedDataGenerator(
							CompressionAlgorithmTags.ZLIB);
					try (OutputStream compressed = compression.open(encrypted)) {
						PGPPublicKey signer = sender.publicRing().getPublicKey();
						PGPSignatureGenerator signature = new PGPSignatureGenerator(
								new BcPGPContentSignerBuilder(signer.getAlgorithm(), HashAlgorithmTags.SHA512), signer);
						signature.init(PGPSignature.BINARY_DOCUMENT, sender.signingKey());
						signature.generateOnePassVersion(false).encode(compressed);
						PGPLiteralDataGenerator literal = new PGPLiteralDataGenerator();
						try (OutputStream data = literal.open(compressed, PGPLiteralData.BINARY, fileName,
								content.length, new Date())) {
							data.write(content);
						}
						signature.update(content);
						signature.generate().encode(compressed);
					}
				}
			}
			return out.toString(StandardCharsets.US_ASCII);
		}
		catch (IOException | PGPException ex) {
			throw new IllegalStateException("sealing failed", ex);
		}
	}

	/**
	 * Opens a sealed card.
	 * @param armored the armored message
	 * @param us our key, to decrypt
	 * @param pinnedSender the key we pinned for the expected sender
	 * @return the content
	 * @throws OpenPgpRejected naming the reason
	 */
	public static byte[] open(String armored, TeamKey us, PGPPublicKeyRing pinnedSender) {
		if (armored.length() > MAX_ARMORED) {
			throw new OpenPgpRejected("too-large", "sealed cards are at most " + MAX_ARMORED + " bytes");
		}
		try (InputStream in = PGPUtil
			.getDecoderStream(new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
			Object first = new BcPGPObjectFactory(in).nextObject();
			if (!(first instanceof PGPEncryptedDataList list)) {
				throw new OpenPgpRejected("not-encrypted", "the message is not an encrypted OpenPGP message");
			}
			PGPPublicKeyEncryptedData ours = null;
			for (var data : list) {
				if (data instanceof PGPPublicKeyEncryptedData candidate && us.holds(candidate.getKeyID())) {
					ours = candidate;
				}
			}
			if (ours == null) {
				throw new OpenPgpRejected("not-encrypted-to-us", "the message is not encrypted to this team's key");
			}
			if (!ours.isIntegrityProtected()) {
				throw new OpenPgpRejected("integrity-failure", "the message has no integrity protection");
			}
			// Decrypt the whole message and check its modification detection code before
			// reading anything inside it: a tampered message is an integrity failure,
			// whatever its damaged plaintext happens to look like.
			byte[] decrypted;
			try (InputStream clear = ours
				.getDataStream(new BcPublicKeyDataDecryptorFactory(us.privateKey(ours.getKeyID())))) {
				decrypted = readLimited(clear);
			}
			if (!ours.verify()) {
				throw new OpenPgpRejected("integrity-failure", "the message was modified (integrity check failed)");
			}
			byte[] content;
			PGPOnePassSignature onePass;
			PGPSignatureList signatures;
			BcPGPObjectFactory plain = new BcPGPObjectFactory(new ByteArrayInputStream(decrypted));
			Object next = plain.nextObject();
			if (next instanceof PGPCompressedData compressed) {
				// a few hundred kilobytes of compressed zeros inflate to gigabytes: every
				// packet inside is read through a bound, not only the literal data
				plain = new BcPGPObjectFactory(new Bounded(compressed.getDataStream(), MAX_INFLATED));
				next = plain.nextObject();
			}
			if (!(next instanceof PGPOnePassSignatureList onePassList) || onePassList.size() != 1) {
				throw new OpenPgpRejected("unsigned", "the message is not signed");
			}
			onePass = onePassList.get(0);
			if (!(plain.nextObject() instanceof PGPLiteralData literal)) {
				throw new OpenPgpRejected("malformed-message", "no literal data after the signature header");
			}
			content = readLimited(literal.getInputStream());
			if (!(plain.nextObject() instanceof PGPSignatureList list2) || list2.size() != 1) {
				throw new OpenPgpRejected("unsigned", "the message carries no signature");
			}
			signatures = list2;
			PGPPublicKey signer = pinnedSender.getPublicKey(onePass.getKeyID());
			if (signer == null) {
				throw new OpenPgpRejected("unpinned-signer", "signed by key " + Long.toHexString(onePass.getKeyID())
						+ ", not by the pinned key " + TeamKey.fingerprint(pinnedSender.getPublicKey()));
			}
			if (signer.hasRevocation() || pinnedSender.getPublicKey().hasRevocation()) {
				throw new OpenPgpRejected("revoked-key", "the signing key is revoked");
			}
			long validSeconds = pinnedSender.getPublicKey().getValidSeconds();
			if (validSeconds > 0 && pinnedSender.getPublicKey().getCreationTime().getTime()
					+ validSeconds * 1000 < System.currentTimeMillis()) {
				throw new OpenPgpRejected("expired-key", "the signing key has expired");
			}
			onePass.init(new BcPGPContentVerifierBuilderProvider(), signer);
			onePass.update(content);
			if (!onePass.verify(signatures.get(0))) {
				throw new OpenPgpRejected("bad-signature", "the signature does not verify");
			}
			return content;
		}
		catch (OpenPgpRejected ex) {
			throw ex;
		}
		catch (IOException | PGPException | RuntimeException ex) {
			throw new OpenPgpRejected("malformed-message", "not a readable OpenPGP message: " + ex.getMessage(), ex);
		}
	}

	private static byte[] readLimited(InputStream in) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		int read;
		while ((read = in.read(buffer)) >= 0) {
			out.write(buffer, 0, read);
			if (out.size() > MAX_ARMORED) {
				throw new OpenPgpRejected("too-large", "the card is larger than " + MAX_ARMORED + " bytes");
			}
		}
		return out.toByteArray();
	}

	/** Refuses a stream that gives more than its bound. */
	private static final class Bounded extends InputStream {

		private final InputStream in;

		private long left;

		Bounded(InputStream in, long bound) {
			this.in = in;
			this.left = bound;
		}

		@Override
		public int read() throws IOException {
			int read = this.in.read();
			if (read >= 0) {
				take(1);
			}
			return read;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int read = this.in.read(buffer, offset, length);
			if (read > 0) {
				take(read);
			}
			return read;
		}

		private void take(int count) {
			this.left -= count;
			if (this.left < 0) {
				throw new OpenPgpRejected("too-large", "the message inflates to more than " + MAX_INFLATED + " bytes");
			}
		}

		@Override
		public void close() throws IOException {
			this.in.close();
		}

	}

}
