package org.caduceus.openpgp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HexFormat;
import java.util.Iterator;

import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.CompressionAlgorithmTags;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.Features;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.PGPKeyPairGenerator;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPairGeneratorProvider;

/**
 * A team's OpenPGP key: Ed25519 primary key for certifying and signing, X25519 subkey for
 * encryption, OpenPGP v4 (the form GnuPG 2.2 reads), preferring AES-256 and SHA-512. The
 * secret part is kept encrypted with a passphrase (AES-256, iterated and salted S2K).
 */
public final class TeamKey {

	private final PGPSecretKeyRing secret;

	private final char[] passphrase;

	/**
	 * Secret keys once unlocked: unlocking runs the passphrase's iterated hash, which
	 * cost more than the decryption it unlocks. The passphrase is held in memory already.
	 */
	private final java.util.Map<Long, PGPPrivateKey> unlocked = new java.util.concurrent.ConcurrentHashMap<>();

	private TeamKey(PGPSecretKeyRing secret, char[] passphrase) {
		this.secret = secret;
		this.passphrase = passphrase.clone();
	}

	/**
	 * @param userId e.g. {@code Z-CERT Health <cert@z-cert.example>}
	 * @param passphrase protects the secret key at rest
	 */
	public static TeamKey generate(String userId, char[] passphrase) {
		return generate(userId, passphrase, java.time.Instant.now(), null);
	}

	/**
	 * A team key made at {@code createdAt} that expires {@code validFor} later (teams
	 * that rotate on a schedule); null: never.
	 */
	public static TeamKey generate(String userId, char[] passphrase, java.time.Instant createdAt,
			java.time.@org.jspecify.annotations.Nullable Duration validFor) {
		try {
			Date now = Date.from(createdAt);
			PGPKeyPairGenerator generator = new BcPGPKeyPairGeneratorProvider().get(PublicKeyPacket.VERSION_4, now);
			PGPKeyPair primary = generator.generateLegacyEd25519KeyPair();
			PGPKeyPair encryption = generator.generateLegacyX25519KeyPair();
			PGPSignatureSubpacketGenerator primaryPackets = new PGPSignatureSubpacketGenerator();
			primaryPackets.setKeyFlags(true, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
			primaryPackets.setPreferredSymmetricAlgorithms(false,
					new int[] { SymmetricKeyAlgorithmTags.AES_256, SymmetricKeyAlgorithmTags.AES_128 });
			primaryPackets.setPreferredHashAlgorithms(false,
					new int[] { HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA256 });
			primaryPackets.setPreferredCompressionAlgorithms(false,
					new int[] { CompressionAlgorithmTags.ZLIB, CompressionAlgorithmTags.UNCOMPRESSED });
			primaryPackets.setFeature(false, Features.FEATURE_MODIFICATION_DETECTION);
			if (validFor != null) {
				primaryPackets.setKeyExpirationTime(true, validFor.toSeconds());
			}
			PGPSignatureSubpacketGenerator subkeyPackets = new PGPSignatureSubpacketGenerator();
			subkeyPackets.setKeyFlags(true, KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE);
			PGPDigestCalculator sha1 = new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1);
			PGPKeyRingGenerator rings = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, primary, userId,
					sha1, primaryPackets.generate(), null,
					new BcPGPContentSignerBuilder(primary.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA512),
					new BcPBESecretKeyEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256,
							new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA256), 0x90)
						.build(passphrase));
			rings.addSubKey(encryption, subkeyPackets.generate(), null);
			return new TeamKey(rings.generateSecretKeyRing(), passphrase);
		}
		catch (PGPException ex) {
			throw new IllegalStateException("OpenPGP key generation failed", ex);
		}
	}

	/** Reads an armored or binary secret key ring protected by {@code passphrase}. */
	public static TeamKey readSecret(String armored, char[] passphrase) {
		try (InputStream in = PGPUtil
			.getDecoderStream(new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
			TeamKey key = new TeamKey(new PGPSecretKeyRing(in, new BcKeyFingerprintCalculator()), passphrase);
			key.signingKey();
			return key;
		}
		catch (IOException | PGPException ex) {
			throw new OpenPgpRejected("malformed-key", "not an OpenPGP secret key, or the passphrase is wrong", ex);
		}
	}

	/**
	 * @return the public key ring, armored, as {@code key.asc}
	 */
	public String publicKeyArmored() {
		try {
			return armor(publicRing().getEncoded());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @return the secret key ring, armored; its keys stay encrypted with the passphrase
	 */
	public String secretKeyArmored() {
		try {
			return armor(this.secret.getEncoded());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @return the primary key's v4 fingerprint, 40 upper-case hex digits
	 */
	public String fingerprint() {
		return fingerprint(this.secret.getPublicKey());
	}

	public PGPPublicKeyRing publicRing() {
		java.util.List<PGPPublicKey> keys = new java.util.ArrayList<>();
		this.secret.getPublicKeys().forEachRemaining(keys::add);
		return new PGPPublicKeyRing(keys);
	}

	PGPPrivateKey signingKey() {
		return privateKey(this.secret.getSecretKey().getKeyID());
	}

	PGPPrivateKey privateKey(long keyId) {
		PGPPrivateKey known = this.unlocked.get(keyId);
		if (known != null) {
			return known;
		}
		PGPPrivateKey key = unlock(keyId);
		this.unlocked.put(keyId, key);
		return key;
	}

	private PGPPrivateKey unlock(long keyId) {
		try {
			var secretKey = this.secret.getSecretKey(keyId);
			if (secretKey == null) {
				throw new OpenPgpRejected("not-encrypted-to-us", "no secret key with id " + Long.toHexString(keyId));
			}
			return secretKey.extractPrivateKey(
					new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider()).build(this.passphrase));
		}
		catch (PGPException ex) {
			throw new OpenPgpRejected("wrong-passphrase", "the secret key cannot be unlocked", ex);
		}
	}

	boolean holds(long keyId) {
		return this.secret.getSecretKey(keyId) != null;
	}

	public static String fingerprint(PGPPublicKey key) {
		return HexFormat.of().withUpperCase().formatHex(key.getFingerprint());
	}

	/**
	 * @return the key of {@code ring} that can encrypt, never the primary
	 */
	static PGPPublicKey encryptionKey(PGPPublicKeyRing ring) {
		Iterator<PGPPublicKey> keys = ring.getPublicKeys();
		while (keys.hasNext()) {
			PGPPublicKey key = keys.next();
			if (!key.isMasterKey() && key.isEncryptionKey() && !key.hasRevocation()) {
				return key;
			}
		}
		throw new OpenPgpRejected("no-encryption-key",
				"the key " + fingerprint(ring.getPublicKey()) + " has no encryption subkey");
	}

	static String armor(byte[] encoded) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ArmoredOutputStream armored = ArmoredOutputStream.builder().clearHeaders().build(out)) {
			armored.write(encoded);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toString(StandardCharsets.US_ASCII);
	}

	/** Reads an armored public key ring, e.g. a partner's {@code key.asc}. */
	public static PGPPublicKeyRing readPublic(String armored) {
		try (InputStream in = PGPUtil
			.getDecoderStream(new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
			return new PGPPublicKeyRing(in, new BcKeyFingerprintCalculator());
		}
		catch (IOException | RuntimeException ex) {
			throw new OpenPgpRejected("malformed-key", "not an armored OpenPGP public key", ex);
		}
	}

}
