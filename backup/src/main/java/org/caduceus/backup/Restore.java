package org.caduceus.backup;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code ./caduceus restore}: a backup back into a node's folder. Everything is
 * decrypted, checked (integrity code, every file's SHA-256) and written into a folder of
 * its own beside the node's first; only then is the node's folder moved aside (kept as
 * {@code <node>.replaced-<time>}) and the new one moved into its place. A refusal or a
 * failure before that leaves the node's folder as it was.
 *
 * <p>
 * Every staged file and folder is forced to the device before the first rename, and the
 * data folder after each rename, so that a power loss never leaves the node's folder with
 * files that are not whole. A kill between the two renames leaves no {@code <node>}
 * folder, only {@code <node>.replaced-<time>} and the staging folder:
 * {@code ./caduceus up} refuses to make a new node there; running the same restore again
 * finishes it (it first deletes staging folders an interrupted restore left, which hold
 * decrypted keys), moving the replaced folder back undoes it.
 */
final class Restore {

	private static final Pattern FILE = Pattern.compile("node\\.env|keys/[A-Za-z0-9][A-Za-z0-9._-]*");

	private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

	private Restore() {
	}

	static void run(String node, Path dataRoot, boolean force, Path archive, char[] passphrase, PrintStream out)
			throws IOException {
		if (!Files.isRegularFile(archive)) {
			throw new BackupRefused("no backup file " + archive);
		}
		NodeDirectory target = new NodeDirectory(dataRoot.resolve(node));
		Files.createDirectories(dataRoot);
		Path staging = dataRoot.resolve(".restore-" + node + "-" + UUID.randomUUID());
		try (NodeDirectory.StoreLock lock = target.lockStoppedStore()) {
			removeInterruptedStaging(dataRoot, node, out);
			Files.createDirectory(staging,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			Optional<String> present = target.federationKey();
			Manifest manifest = BackupArchive.read(archive, passphrase,
					(read) -> checkIdentity(read, node, present, force), (name) -> placeOf(staging, name));
			if (Files.isDirectory(staging.resolve("keys"))) {
				Files.setPosixFilePermissions(staging.resolve("keys"), PosixFilePermissions.fromString("rwx------"));
			}
			if (Files.isRegularFile(target.backupsLog())) {
				// the node's record of its backups outlives the folder a restore replaces
				Files.copy(target.backupsLog(), new NodeDirectory(staging).backupsLog());
			}
			// whole on the device before the node's folder is touched
			forceTree(staging);
			Path replaced = null;
			if (Files.exists(target.dir())) {
				replaced = dataRoot
					.resolve(node + ".replaced-" + STAMP.format(ZonedDateTime.now(ZoneOffset.UTC).withNano(0)));
				Files.move(target.dir(), replaced, StandardCopyOption.ATOMIC_MOVE);
				force(dataRoot);
			}
			try {
				Files.move(staging, target.dir(), StandardCopyOption.ATOMIC_MOVE);
				force(dataRoot);
			}
			catch (IOException ex) {
				if (replaced != null) {
					Files.move(replaced, target.dir(), StandardCopyOption.ATOMIC_MOVE);
					force(dataRoot);
				}
				throw ex;
			}
			out.printf("node %s restored from %s (backup of node %s taken %s, %s)%n", node, archive, manifest.node(),
					manifest.createdAt(), manifest.consistency());
			out.printf("  store: %.1f MB, sha256 %s; keys: %d files, federation key %s%n",
					manifest.store().bytes() / 1e6, manifest.store().sha256(),
					manifest.files().stream().filter((file) -> file.name().startsWith("keys/")).count(),
					manifest.federationKey());
			if (replaced != null) {
				out.println("  the folder it replaced is kept as " + replaced + " (delete it once the node runs)");
			}
		}
		finally {
			deleteTree(staging);
		}
	}

	/**
	 * Deletes the staging folders of this node that an interrupted restore left (they
	 * hold decrypted keys); this restore stages its own.
	 */
	private static void removeInterruptedStaging(Path dataRoot, String node, PrintStream out) throws IOException {
		Pattern left = Pattern.compile(Pattern.quote(".restore-" + node + "-") + UUID_PATTERN);
		try (Stream<Path> entries = Files.list(dataRoot)) {
			for (Path entry : entries.filter((path) -> left.matcher(path.getFileName().toString()).matches())
				.toList()) {
				deleteTree(entry);
				out.println("  deleted " + entry + ", left by an interrupted restore");
			}
		}
	}

	/** Forces every file and folder under {@code dir}, and {@code dir}, to the device. */
	private static void forceTree(Path dir) throws IOException {
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				force(path);
			}
		}
	}

	private static void force(Path path) throws IOException {
		boolean folder = Files.isDirectory(path);
		try (FileChannel channel = FileChannel.open(path,
				folder ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
			channel.force(true);
		}
	}

	private static void checkIdentity(Manifest manifest, String node, Optional<String> present, boolean force) {
		if (force) {
			return;
		}
		if (!manifest.node().equals(node)) {
			throw new BackupRefused("the backup is of node " + manifest.node() + ", not " + node
					+ ": restoring it would give " + node + " the identity and keys of " + manifest.node()
					+ " (use --force if that is what you want; nothing was changed)");
		}
		if (present.isPresent() && !present.get().equals(manifest.federationKey())) {
			throw new BackupRefused("node " + node + " here has another federation key (" + present.get()
					+ ") than the backup (" + manifest.federationKey()
					+ "): its peers know it by that key (use --force to replace it; nothing was changed)");
		}
	}

	private static Path placeOf(Path staging, String name) {
		if (name.equals(BackupArchive.STORE)) {
			return staging.resolve("mongo").resolve("caduceus.mv");
		}
		if (!FILE.matcher(name).matches()) {
			throw new BackupRefused("the backup holds an unexpected file name: " + name);
		}
		return staging.resolve(name);
	}

	private static void deleteTree(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

}
