package org.caduceus.backup;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * {@code ./caduceus backup}: the node's store and keys into one encrypted archive. A
 * running node's store copies its own file at one commit point (writes wait meanwhile); a
 * stopped node's file is read directly, under the lock a store would take, so that none
 * starts on it meanwhile. Each backup written is recorded in the node's
 * {@code backups.log}, which the store names when it cannot open its file.
 */
final class Backup {

	private Backup() {
	}

	/**
	 * @param storeUri the running store, or null when the node is stopped
	 */
	static void run(String node, NodeDirectory directory, @Nullable String storeUri, Path target, char[] passphrase,
			String version, PrintStream out) throws IOException {
		long started = System.nanoTime();
		if (Files.exists(target)) {
			throw new BackupRefused(target + " exists already: choose another file name");
		}
		if (!Files.isDirectory(directory.keys())) {
			throw new BackupRefused("node " + node + " has no keys in " + directory.keys()
					+ ": it has never been started, nothing to back up");
		}
		Path partial = target.resolveSibling(target.getFileName() + ".partial");
		Path copy = null;
		NodeDirectory.StoreLock lock = null;
		try {
			Path storeFile;
			String consistency;
			Double held = null;
			if (storeUri != null) {
				StoreSnapshotClient.Snapshot snapshot = StoreSnapshotClient.take(storeUri);
				copy = snapshot.file();
				storeFile = copy;
				consistency = Manifest.ONLINE;
				held = snapshot.writesHeldMillis();
			}
			else {
				lock = directory.lockStoppedStore();
				if (lock == null) {
					throw new BackupRefused("node " + node + " has no store file " + directory.store());
				}
				storeFile = directory.store();
				consistency = Manifest.OFFLINE;
			}
			String createdAt = Instant.now().toString();
			List<BackupArchive.Source> sources = new ArrayList<>();
			List<Manifest.FileDigest> digests = new ArrayList<>();
			if (Files.isRegularFile(directory.nodeEnv())) {
				sources.add(source("node.env", directory.nodeEnv()));
			}
			try (Stream<Path> keys = Files.list(directory.keys())) {
				for (Path key : keys.filter(Files::isRegularFile).sorted().toList()) {
					sources.add(source("keys/" + key.getFileName(), key));
				}
			}
			for (BackupArchive.Source source : sources) {
				digests.add(new Manifest.FileDigest(source.name(), Files.size(source.path()),
						BackupArchive.sha256(source.path())));
			}
			BackupArchive.Source store = source(BackupArchive.STORE, storeFile);
			Manifest.FileDigest storeDigest = new Manifest.FileDigest(store.name(), Files.size(storeFile),
					BackupArchive.sha256(storeFile));
			sources.add(store);
			Manifest manifest = new Manifest(Manifest.FORMAT, node, directory.setting("NODE_COUNTRY"),
					directory.federationKey().orElse(null), version, createdAt, consistency, held, storeDigest,
					digests);
			Files.deleteIfExists(partial);
			Files.createFile(partial,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			BackupArchive.write(partial, manifest, sources, passphrase);
			// on the device under its own name before it is recorded as the node's last
			// backup
			force(partial, StandardOpenOption.WRITE);
			Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
			Path folder = target.toAbsolutePath().getParent();
			if (folder != null) {
				force(folder, StandardOpenOption.READ);
			}
			directory.recordBackup(createdAt, Files.size(target), BackupArchive.sha256(target), target);
			out.printf("backup of node %s written to %s (%.1f MB) in %.1f s%n", node, target, Files.size(target) / 1e6,
					(System.nanoTime() - started) / 1e9);
			out.printf("  store: %.1f MB, sha256 %s, %s%s%n", storeDigest.bytes() / 1e6, storeDigest.sha256(),
					consistency, (held != null) ? String.format(" (writes held %.0f ms)", held) : "");
			out.printf("  keys:  %d files, federation key %s%n",
					digests.stream().filter((file) -> file.name().startsWith("keys/")).count(),
					manifest.federationKey());
			out.println("  read it: gpg --decrypt " + target + " | tar -xv");
			out.println("  recorded in " + directory.backupsLog()
					+ " (a store that cannot open its file names the last one)");
		}
		finally {
			Files.deleteIfExists(partial);
			if (copy != null) {
				Files.deleteIfExists(copy);
			}
			if (lock != null) {
				lock.close();
			}
		}
	}

	private static void force(Path path, StandardOpenOption mode) throws IOException {
		try (FileChannel channel = FileChannel.open(path, mode)) {
			channel.force(true);
		}
	}

	private static BackupArchive.Source source(String name, Path path) throws IOException {
		return new BackupArchive.Source(name, path, Modes.from(Files.getPosixFilePermissions(path)));
	}

}
