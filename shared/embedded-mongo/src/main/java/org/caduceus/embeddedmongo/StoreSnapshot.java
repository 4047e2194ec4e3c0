package org.caduceus.embeddedmongo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * The {@code caduceusSnapshot} admin command: a copy of the store file taken by the store
 * itself at one commit point ({@link GroupCommit#atCommitPoint}), so that it holds every
 * write acknowledged before the command and no part of a later one. Writes wait while the
 * file is copied; the answer says how long.
 *
 * <p>
 * The copy goes beside the store file, under a name the store chooses
 * ({@code snapshot-<random>.mv}, owner-only): the command takes no path, so a client of
 * the store cannot make it write anywhere else. The backup tool that asked for it reads
 * it and deletes it; the store deletes copies left over by an interrupted backup when it
 * starts.
 *
 * <p>
 * One copy at a time: while a copy is on disk (a backup is reading it, or an interrupted
 * one left it) the command is refused ({@link CopyExists}) without holding any write, so
 * a client that repeats it can neither hold the writes again and again nor fill the disk
 * with copies.
 */
final class StoreSnapshot {

	/** The command's name, as clients send it (matched case-insensitively). */
	static final String COMMAND = "caduceusSnapshot";

	private static final String PREFIX = "snapshot-";

	private static final String SUFFIX = ".mv";

	private StoreSnapshot() {
	}

	/**
	 * @param reserve refuses a copy that would leave less free space than the store's
	 * reserve (the copy is as large as the file, and a full disk would fail the store's
	 * next commit); null for none
	 */
	static Document take(GroupCommit commits, Path storeFile, @Nullable DiskReserve reserve) {
		refuseIfCopyExists(storeFile);
		if (reserve != null) {
			reserve.checkRoomForCopy(size(storeFile));
		}
		Path copy = storeFile.resolveSibling(PREFIX + UUID.randomUUID() + SUFFIX);
		long asked = System.nanoTime();
		long[] pause = new long[2];
		long bytes = commits.atCommitPoint(() -> {
			pause[0] = System.nanoTime();
			long copied = copy(storeFile, copy);
			pause[1] = System.nanoTime();
			return copied;
		});
		long released = System.nanoTime();
		Document answer = new Document();
		answer.put("file", copy.toAbsolutePath().toString());
		answer.put("bytes", bytes);
		// from the moment writes were held (gate taken) to the moment they went on
		answer.put("writesHeldMillis", (released - asked) / 1_000_000.0);
		answer.put("copyMillis", (pause[1] - pause[0]) / 1_000_000.0);
		answer.put("ok", 1.0);
		return answer;
	}

	private static void refuseIfCopyExists(Path storeFile) {
		Path dir = storeFile.toAbsolutePath().getParent();
		if (dir == null) {
			return;
		}
		try (Stream<Path> files = Files.list(dir)) {
			for (Path file : files.toList()) {
				if (isCopy(file)) {
					throw new CopyExists("a snapshot copy " + file + " is already on disk (a backup is reading it, or"
							+ " an interrupted one left it): one snapshot at a time; the backup that asked for it"
							+ " deletes it, and the store deletes a leftover one at its next start");
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot list " + dir, ex);
		}
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the size of " + file, ex);
		}
	}

	private static boolean isCopy(Path file) {
		String name = file.getFileName().toString();
		return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
	}

	/** Removes copies an interrupted backup left beside the store file. */
	static void removeLeftovers(Path dataDir) {
		if (!Files.isDirectory(dataDir)) {
			return;
		}
		try (Stream<Path> files = Files.list(dataDir)) {
			for (Path file : files.toList()) {
				if (isCopy(file)) {
					Files.deleteIfExists(file);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot clean up old snapshots in " + dataDir, ex);
		}
	}

	/** A snapshot copy is already on disk: refused, nothing held, nothing written. */
	static final class CopyExists extends RuntimeException {

		private static final long serialVersionUID = 1L;

		CopyExists(String message) {
			super(message);
		}

	}

	private static long copy(Path from, Path to) {
		try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
				FileChannel out = FileChannel.open(to,
						java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
			long size = in.size();
			long done = 0;
			while (done < size) {
				done += in.transferTo(done, size - done, out);
			}
			out.force(true);
			return done;
		}
		catch (IOException ex) {
			try {
				Files.deleteIfExists(to);
			}
			catch (IOException ignored) {
				// the store deletes it at its next start
			}
			throw new UncheckedIOException("cannot copy the store file " + from + " to " + to, ex);
		}
	}

}
