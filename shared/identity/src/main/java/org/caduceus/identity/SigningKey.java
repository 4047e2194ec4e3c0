package org.caduceus.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ES256 (ECDSA P-256) key pair kept as PEM files: PKCS#8 for the private key
 * (owner-only permissions), SPKI for the public key.
 *
 * @param privateKey the signing key
 * @param publicKey the verification key
 */
public record SigningKey(ECPrivateKey privateKey, ECPublicKey publicKey) {

	private static final Pattern PEM = Pattern
		.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

	/**
	 * Reads the key pair at {@code privatePem} / {@code publicPem}, generating and
	 * writing both first when neither exists.
	 */
	public static SigningKey loadOrCreate(Path privatePem, Path publicPem) {
		try {
			if (!Files.exists(privatePem) && !Files.exists(publicPem)) {
				write(generate(), privatePem, publicPem);
			}
			KeyFactory ec = KeyFactory.getInstance("EC");
			ECPrivateKey privateKey = (ECPrivateKey) ec
				.generatePrivate(new PKCS8EncodedKeySpec(decode(privatePem, "PRIVATE KEY")));
			return new SigningKey(privateKey, readPublicKey(publicPem));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("not an EC P-256 key pair: " + privatePem + ", " + publicPem, ex);
		}
	}

	/** Reads an SPKI PEM public key, e.g. the gateway's identity key in a service. */
	public static ECPublicKey readPublicKey(Path publicPem) {
		try {
			return (ECPublicKey) KeyFactory.getInstance("EC")
				.generatePublic(new X509EncodedKeySpec(decode(publicPem, "PUBLIC KEY")));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("not an EC public key: " + publicPem, ex);
		}
	}

	/** A fresh key pair, held in memory only (tests, and the first start of a node). */
	public static SigningKey generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			KeyPair pair = generator.generateKeyPair();
			return new SigningKey((ECPrivateKey) pair.getPrivate(), (ECPublicKey) pair.getPublic());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("the JDK offers no EC P-256", ex);
		}
	}

	/**
	 * @return a stable key id: the first 16 hex digits of the SHA-256 of the SPKI
	 * encoding
	 */
	public String keyId() {
		return keyIdOf(this.publicKey);
	}

	/**
	 * @return the key id of {@link #keyId()} for a public key alone
	 */
	public static String keyIdOf(ECPublicKey publicKey) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded());
			return HexFormat.of().formatHex(digest, 0, 8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @return the public key as SPKI PEM text
	 */
	public String publicKeyPem() {
		return pem("PUBLIC KEY", this.publicKey.getEncoded());
	}

	private static void write(SigningKey key, Path privatePem, Path publicPem) {
		try {
			Path dir = privatePem.toAbsolutePath().getParent();
			Files.createDirectories(dir);
			Files.deleteIfExists(privatePem);
			try {
				Files.createFile(privatePem,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			}
			catch (UnsupportedOperationException ex) {
				Files.createFile(privatePem);
			}
			Files.writeString(privatePem, pem("PRIVATE KEY", key.privateKey().getEncoded()), StandardCharsets.US_ASCII,
					StandardOpenOption.TRUNCATE_EXISTING);
			Files.createDirectories(publicPem.toAbsolutePath().getParent());
			Files.writeString(publicPem, key.publicKeyPem(), StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write key files " + privatePem + ", " + publicPem, ex);
		}
	}

	private static byte[] decode(Path file, String type) {
		String text;
		try {
			text = Files.readString(file, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read key file " + file, ex);
		}
		Matcher matcher = PEM.matcher(text);
		if (!matcher.find() || !matcher.group(1).equals(type)) {
			throw new IllegalStateException(file + " holds no PEM '" + type + "'");
		}
		return Base64.getMimeDecoder().decode(matcher.group(2));
	}

	private static String pem(String type, byte[] der) {
		String body = Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der);
		return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
	}

}
