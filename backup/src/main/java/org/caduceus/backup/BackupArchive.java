package org.caduceus.backup;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPPBEEncryptedData;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePBEDataDecryptorFactoryBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePBEKeyEncryptionMethodGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;
import org.bouncycastle.util.io.Streams;
import tools.jackson.databind.json.JsonMapper;

/**
 * The backup file: one OpenPGP message (RFC 4880 / 9580, the form GnuPG 2.2 reads)
 * encrypted with a passphrase (AES-256, integrity-protected, S2K iterated and salted
 * SHA-256 at the largest count, 65,011,712 bytes hashed per try), whose literal data is a
 * tar: {@code manifest.json} first, then {@code node.env}, {@code keys/*} and
 * {@code store/caduceus.mv}.
 *
 * <p>
 * Argon2 (RFC 9580's memory-hard S2K) is not used: GnuPG 2.2, the version Debian ships,
 * cannot read it, and {@code gpg --decrypt} must read every backup.
 */
final class BackupArchive {

	static final String MANIFEST = "manifest.json";

	static final String STORE = "store/caduceus.mv";

	/** The largest iteration count S2K encodes (65,011,712 bytes hashed). */
	private static final int S2K_COUNT = 0xff;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private BackupArchive() {
	}

	/** A file to put in the archive. */
	record Source(String name, Path path, int mode) {
	}

	/**
	 * Writes the archive to {@code target}: the manifest first, then each file.
	 */
	static void write(Path target, Manifest manifest, List<Source> files, char[] passphrase) throws IOException {
		PGPEncryptedDataGenerator encryption = new PGPEncryptedDataGenerator(
				new JcePGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256).setWithIntegrityPacket(true)
					.setSecureRandom(new SecureRandom()));
		try {
			encryption.addMethod(new JcePBEKeyEncryptionMethodGenerator(passphrase,
					new JcaPGPDigestCalculatorProviderBuilder().build().get(HashAlgorithmTags.SHA256), S2K_COUNT));
			byte[] manifestJson = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
			long now = System.currentTimeMillis() / 1000;
			try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16);
					OutputStream encrypted = encryption.open(file, new byte[1 << 16]);
					OutputStream literal = new PGPLiteralDataGenerator().open(encrypted, PGPLiteralData.BINARY,
							"caduceus-backup.tar", new Date(), new byte[1 << 16])) {
				Tar.Writer tar = new Tar.Writer(literal);
				tar.begin(new Tar.Entry(MANIFEST, manifestJson.length, 0600, now));
				literal.write(manifestJson);
				tar.end(manifestJson.length);
				for (Source source : files) {
					long size = Files.size(source.path());
					tar.begin(new Tar.Entry(source.name(), size, source.mode(),
							Files.getLastModifiedTime(source.path()).toMillis() / 1000));
					try (InputStream in = Files.newInputStream(source.path())) {
						if (in.transferTo(literal) != size) {
							throw new IOException(source.path() + " changed size while it was archived");
						}
					}
					tar.end(size);
				}
				tar.finish();
			}
		}
		catch (PGPException ex) {
			throw new IOException("cannot encrypt the backup: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Decrypts and checks the archive, writing its files under {@code into} (named by
	 * {@code placeOf}), and returns its manifest once everything was read: the integrity
	 * code of the whole message verified and every file's SHA-256 matched the manifest.
	 * @param beforeFiles called with the manifest before any file is written; it may
	 * refuse
	 * @throws BackupRefused for a wrong passphrase, a damaged or altered file, a file
	 * that is no backup
	 */
	static Manifest read(Path archive, char[] passphrase, Consumer<Manifest> beforeFiles,
			Function<String, Path> placeOf) throws IOException {
		try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
			PGPPBEEncryptedData encrypted = encryptedData(PGPUtil.getDecoderStream(raw));
			InputStream clear;
			try {
				clear = encrypted.getDataStream(
						new JcePBEDataDecryptorFactoryBuilder(new JcaPGPDigestCalculatorProviderBuilder().build())
							.build(passphrase));
			}
			catch (PGPException ex) {
				// a wrong passphrase fails the quick check, or decrypts the session key
				// to
				// an algorithm that does not exist
				throw new BackupRefused(
						"wrong passphrase for " + archive + ", or its first bytes are damaged (nothing was changed)");
			}
			Object content = new JcaPGPObjectFactory(clear).nextObject();
			if (content instanceof PGPCompressedData compressed) {
				content = new JcaPGPObjectFactory(compressed.getDataStream()).nextObject();
			}
			if (!(content instanceof PGPLiteralData literal)) {
				throw new BackupRefused(archive + " is not a Caduceus backup (no archive inside the encryption)");
			}
			InputStream data = literal.getInputStream();
			Manifest manifest = readFiles(new Tar.Reader(data), beforeFiles, placeOf);
			Streams.drain(data);
			Streams.drain(clear);
			if (!encrypted.verify()) {
				throw new BackupRefused(archive + " was altered: its integrity code does not match");
			}
			return manifest;
		}
		catch (PGPException | IOException ex) {
			if (ex instanceof java.nio.file.NoSuchFileException || ex instanceof java.nio.file.AccessDeniedException) {
				throw new BackupRefused("cannot read or write " + ex.getMessage() + " (nothing was changed)", ex);
			}
			throw new BackupRefused(
					archive + " is damaged, truncated or was altered (" + ex.getMessage() + "; nothing was changed)",
					ex);
		}
	}

	private static PGPPBEEncryptedData encryptedData(InputStream in) throws IOException {
		JcaPGPObjectFactory objects = new JcaPGPObjectFactory(in);
		Object first = objects.nextObject();
		while (first instanceof PGPMarker) {
			first = objects.nextObject();
		}
		if (first instanceof PGPEncryptedDataList list) {
			for (Object candidate : list) {
				if (candidate instanceof PGPPBEEncryptedData pbe) {
					if (!pbe.isIntegrityProtected()) {
						throw new BackupRefused("the backup is not integrity-protected: refused");
					}
					return pbe;
				}
			}
		}
		throw new BackupRefused("not a Caduceus backup: no passphrase-encrypted OpenPGP message");
	}

	private static Manifest readFiles(Tar.Reader tar, Consumer<Manifest> beforeFiles, Function<String, Path> placeOf)
			throws IOException {
		Tar.Entry first = tar.next();
		if (first == null || !first.name().equals(MANIFEST) || first.size() > (1 << 20)) {
			throw new BackupRefused("not a Caduceus backup: its archive does not start with " + MANIFEST);
		}
		Manifest manifest;
		try {
			manifest = JSON.readValue(tar.data().readAllBytes(), Manifest.class);
		}
		catch (RuntimeException ex) {
			throw new BackupRefused("the backup's manifest cannot be read: " + ex.getMessage(), ex);
		}
		if (!Manifest.FORMAT.equals(manifest.format())) {
			throw new BackupRefused("not a backup this version reads: format " + manifest.format());
		}
		beforeFiles.accept(manifest);
		java.util.Map<String, Manifest.FileDigest> expected = new java.util.HashMap<>();
		expected.put(manifest.store().name(), manifest.store());
		manifest.files().forEach((file) -> expected.put(file.name(), file));
		for (Tar.Entry entry = tar.next(); entry != null; entry = tar.next()) {
			Manifest.FileDigest digest = expected.remove(entry.name());
			if (digest == null) {
				throw new BackupRefused("the backup holds a file its manifest does not name: " + entry.name());
			}
			Path target = placeOf.apply(entry.name());
			Files.createDirectories(target.getParent());
			MessageDigest sha256 = sha256();
			try (InputStream in = new DigestInputStream(tar.data(), sha256);
					OutputStream out = Files.newOutputStream(target)) {
				in.transferTo(out);
			}
			Files.setPosixFilePermissions(target, Modes.of(entry.mode() & 0700));
			String actual = HexFormat.of().formatHex(sha256.digest());
			if (!actual.equals(digest.sha256()) || Files.size(target) != digest.bytes()) {
				throw new BackupRefused("the backup's " + entry.name() + " does not match its manifest (SHA-256 "
						+ actual + ", expected " + digest.sha256() + ")");
			}
		}
		if (!expected.isEmpty()) {
			throw new BackupRefused("the backup lacks " + String.join(", ", expected.keySet()));
		}
		return manifest;
	}

	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("the JDK offers no SHA-256", ex);
		}
	}

	/** SHA-256 of a file, lower-case hex. */
	static String sha256(Path file) throws IOException {
		MessageDigest digest = sha256();
		try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
			in.transferTo(OutputStream.nullOutputStream());
		}
		return HexFormat.of().formatHex(digest.digest());
	}

}
