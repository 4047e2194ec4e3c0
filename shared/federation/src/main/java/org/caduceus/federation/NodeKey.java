package org.caduceus.federation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's Ed25519 federation key pair, kept as PEM files: PKCS#8 private key with
 * owner-only permissions, SPKI public key. Peers pin the public key; only the gateway
 * reads the private one.
 *
 * @param privateKey signs every request that leaves the node
 * @param publicKey what peers verify with
 */
public record NodeKey(PrivateKey privateKey, PublicKey publicKey) {

	private static final Pattern PEM = Pattern
		.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

	/** Reads the pair, generating and writing both files first when neither exists. */
	public static NodeKey loadOrCreate(Path privatePem, Path publicPem) {
		if (!Files.exists(privatePem) && !Files.exists(publicPem)) {
			write(generate(), privatePem, publicPem);
		}
		try {
			PrivateKey privateKey = KeyFactory.getInstance("Ed25519")
				.generatePrivate(new PKCS8EncodedKeySpec(decode(read(privatePem), "PRIVATE KEY")));
			return new NodeKey(privateKey, parsePublicKey(read(publicPem)));
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException("not an Ed25519 key pair: " + privatePem + ", " + publicPem, ex);
		}
	}

	/** A fresh pair in memory (tests, and the first start of a node). */
	public static NodeKey generate() {
		try {
			KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
			return new NodeKey(pair.getPrivate(), pair.getPublic());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("the JDK offers no Ed25519", ex);
		}
	}

	/**
	 * Parses a peer's public key: SPKI PEM, or the bare base64 of the SPKI encoding.
	 * @throws IllegalArgumentException when it is not an Ed25519 public key
	 */
	public static PublicKey parsePublicKey(String text) {
		String trimmed = text.strip();
		byte[] der;
		try {
			der = trimmed.startsWith("-----") ? decode(trimmed, "PUBLIC KEY") : Base64.getDecoder().decode(trimmed);
			PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
			if (!"Ed25519".equals(key.getAlgorithm()) && !"EdDSA".equals(key.getAlgorithm())) {
				throw new IllegalArgumentException("not an Ed25519 key");
			}
			return key;
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("not an Ed25519 public key (SPKI PEM or base64 expected)");
		}
	}

	/**
	 * @return the public key as SPKI PEM text
	 */
	public String publicKeyPem() {
		return pem(this.publicKey);
	}

	/**
	 * @return {@code key} as SPKI PEM text
	 */
	public static String pem(PublicKey key) {
		return pem("PUBLIC KEY", key.getEncoded());
	}

	private static void write(NodeKey key, Path privatePem, Path publicPem) {
		try {
			Files.createDirectories(privatePem.toAbsolutePath().getParent());
			try {
				Files.createFile(privatePem,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			}
			catch (UnsupportedOperationException ex) {
				Files.createFile(privatePem);
			}
			Files.writeString(privatePem, pem("PRIVATE KEY", key.privateKey().getEncoded()), StandardCharsets.US_ASCII);
			Files.createDirectories(publicPem.toAbsolutePath().getParent());
			Files.writeString(publicPem, key.publicKeyPem(), StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write key files " + privatePem + ", " + publicPem, ex);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read key file " + file, ex);
		}
	}

	private static byte[] decode(String text, String type) {
		Matcher matcher = PEM.matcher(text);
		if (!matcher.find() || !matcher.group(1).equals(type)) {
			throw new IllegalArgumentException("no PEM '" + type + "'");
		}
		return Base64.getMimeDecoder().decode(matcher.group(2));
	}

	private static String pem(String type, byte[] der) {
		String body = Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der);
		return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
	}

}
