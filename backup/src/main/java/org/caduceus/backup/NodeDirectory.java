package org.caduceus.backup;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A node's folder as the launcher lays it out: {@code node.env} (port, country),
 * {@code keys/} (the node's key files) and {@code mongo/caduceus.mv} (the store).
 *
 * @param dir {@code ./data/<node>}
 */
record NodeDirectory(Path dir) {

	private static final Pattern PEM = Pattern
		.compile("-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");

	Path store() {
		return this.dir.resolve("mongo").resolve("caduceus.mv");
	}

	Path keys() {
		return this.dir.resolve("keys");
	}

	Path nodeEnv() {
		return this.dir.resolve("node.env");
	}

	/**
	 * The node's record of its backups, one line each: time, bytes, {@code sha256:<hex>},
	 * absolute path, separated by tabs; the store reads the last line when it cannot open
	 * its file.
	 */
	Path backupsLog() {
		return this.dir.resolve("backups.log");
	}

	/** Appends a backup written to {@code file} to {@link #backupsLog()}. */
	void recordBackup(String createdAt, long bytes, String sha256, Path file) throws IOException {
		String line = createdAt + "\t" + bytes + "\tsha256:" + sha256 + "\t" + file.toAbsolutePath() + "\n";
		Files.writeString(backupsLog(), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND);
	}

	/**
	 * {@code sha256:<hex>} of the federation public key's SPKI bytes, if the node has
	 * one.
	 */
	Optional<String> federationKey() {
		return fingerprintOf(keys().resolve("federation.pub.pem"));
	}

	static Optional<String> fingerprintOf(Path publicPem) {
		if (!Files.isRegularFile(publicPem)) {
			return Optional.empty();
		}
		try {
			Matcher pem = PEM.matcher(Files.readString(publicPem, StandardCharsets.US_ASCII));
			if (!pem.find()) {
				throw new BackupRefused(publicPem + " is not a PEM public key");
			}
			byte[] spki = Base64.getMimeDecoder().decode(pem.group(1));
			return Optional.of("sha256:" + HexFormat.of().formatHex(BackupArchive.sha256().digest(spki)));
		}
		catch (IOException ex) {
			throw new BackupRefused("cannot read " + publicPem + ": " + ex.getMessage(), ex);
		}
	}

	/** A value of {@code node.env} ({@code NODE_COUNTRY}, {@code NODE_PORT}). */
	@Nullable String setting(String name) {
		if (!Files.isRegularFile(nodeEnv())) {
			return null;
		}
		try {
			return Files.readAllLines(nodeEnv())
				.stream()
				.filter((line) -> line.startsWith(name + "="))
				.map((line) -> line.substring(name.length() + 1).strip())
				.findFirst()
				.orElse(null);
		}
		catch (IOException ex) {
			throw new BackupRefused("cannot read " + nodeEnv() + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Holds a lock on the store file that a running store would hold itself (H2 locks its
	 * file for as long as it has it open), so that no store opens it meanwhile; refused
	 * when a store has it open.
	 * @return the lock to close when done, or null when there is no store file
	 */
	@Nullable StoreLock lockStoppedStore() {
		Path file = store();
		if (!Files.isRegularFile(file)) {
			return null;
		}
		try {
			FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
			FileLock lock;
			try {
				lock = channel.tryLock(0, Long.MAX_VALUE, true);
			}
			catch (OverlappingFileLockException ex) {
				lock = null;
			}
			if (lock == null) {
				channel.close();
				throw new BackupRefused("the store file " + file + " is open in a running store");
			}
			return new StoreLock(channel);
		}
		catch (IOException ex) {
			throw new BackupRefused("cannot open the store file " + file + ": " + ex.getMessage(), ex);
		}
	}

	/** A held lock on a stopped store's file. */
	record StoreLock(FileChannel channel) implements AutoCloseable {

		@Override
		public void close() throws IOException {
			this.channel.close();
		}

	}

}
