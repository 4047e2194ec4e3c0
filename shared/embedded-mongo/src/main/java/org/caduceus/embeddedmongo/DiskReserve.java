package org.caduceus.embeddedmongo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import de.bwaldvogel.mongo.exception.MongoServerError;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a reserve of free space on the file system that holds the store file, and refuses
 * writes while it is not there.
 *
 * <p>
 * H2 takes a chunk it cannot write for lack of space as fatal: it closes the store, after
 * which every operation fails, reads too. So a write is refused before it changes
 * anything while the free space is below the reserve, with MongoDB's own error for it
 * ({@link OutOfDiskSpace}, 14031); reads go on, and writes are accepted again by
 * themselves once there is room. The reserve is room for what may still be written after
 * the check passed: the writes in flight (one per worker thread at most, each a chunk of
 * the pages H2 rewrites up to their roots), the record of durable commits beside the
 * file, and the node's logs, which live on the same file system.
 *
 * <p>
 * A commit that still fails for lack of space (the space went between the check and the
 * commit) is reported through {@link #failedCommit}: writes are then refused until the
 * free space has grown past what was left at the failure, so that the store does not fail
 * one commit after another on a full disk.
 *
 * <p>
 * Reading the free space is one {@code statvfs} call (about 1 µs here); a reading is kept
 * for {@link #READING_MILLIS} ms, so most writes pay a clock read and two volatile reads.
 * Refusing and accepting again are logged once each, not once per write.
 */
final class DiskReserve {

	private static final Logger log = LoggerFactory.getLogger(DiskReserve.class);

	/** The system property that sets the reserve in MiB (the store argument wins). */
	static final String PROPERTY = "caduceus.store.reserve-mb";

	/**
	 * 64 MiB: several times the largest write the store accepts (a 16 MiB document with
	 * its index pages), room for the node's logs while writes are refused, and still a
	 * trifle beside any disk a node runs on.
	 */
	static final long DEFAULT_MB = 64;

	static final long MIB = 1024L * 1024;

	/** How long a reading of the free space is used before it is taken again. */
	static final long READING_MILLIS = 100;

	private static final long READING_NANOS = TimeUnit.MILLISECONDS.toNanos(READING_MILLIS);

	/**
	 * A commit that failed with less than this free is taken as failed for lack of space,
	 * whatever words the operating system used (they are in the machine's language).
	 */
	private static final long NEARLY_FULL = MIB;

	private final Path folder;

	private final FileStore fileSystem;

	private final long reserve;

	private volatile Reading reading;

	private volatile boolean refusing;

	/** The free bytes left when a commit failed for lack of space; -1 when none did. */
	private volatile long leftAtFailure = -1;

	private DiskReserve(Path folder, FileStore fileSystem, long reserve) {
		this.folder = folder;
		this.fileSystem = fileSystem;
		this.reserve = reserve;
		this.reading = new Reading(usableNow(), System.nanoTime());
	}

	/**
	 * @param folder the folder of the store file
	 * @param reserveBytes free bytes to keep; 0 refuses nothing before a commit failed
	 */
	static DiskReserve of(Path folder, long reserveBytes) {
		if (reserveBytes < 0) {
			throw new IllegalArgumentException("the reserve cannot be negative: " + reserveBytes);
		}
		try {
			return new DiskReserve(folder.toAbsolutePath(), Files.getFileStore(folder), reserveBytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot find the file system of " + folder, ex);
		}
	}

	/** The reserve in bytes set by {@value #PROPERTY}, else {@value #DEFAULT_MB} MiB. */
	static long configuredBytes() {
		String property = System.getProperty(PROPERTY);
		return megabytes((property != null) ? property : Long.toString(DEFAULT_MB), PROPERTY);
	}

	/**
	 * {@code value} MiB in bytes; refuses what is not a whole number of MiB from 0 up.
	 */
	static long megabytes(String value, String name) {
		try {
			long mb = Long.parseLong(value.strip());
			if (mb >= 0 && mb <= Long.MAX_VALUE / MIB) {
				return mb * MIB;
			}
		}
		catch (NumberFormatException ex) {
			// refused below
		}
		throw new IllegalArgumentException(name + " must be a whole number of MiB, 0 or more: '" + value + "'");
	}

	long reserveBytes() {
		return this.reserve;
	}

	/**
	 * Called before a write changes anything.
	 * @throws OutOfDiskSpace while the free space is below the reserve, or has not grown
	 * since a commit failed for lack of it
	 */
	void checkBeforeWrite() {
		long usable = usable();
		if (refuses(usable)) {
			refuse(usable);
			throw new OutOfDiskSpace("the store refuses writes: the file system of " + this.folder + " has "
					+ size(usable) + " free, " + why(usable) + "; nothing of this write was stored, and writes are"
					+ " accepted again once there is room");
		}
		if (this.refusing) {
			accept(usable);
		}
	}

	/**
	 * Called before a snapshot copies the store file beside itself.
	 * @throws OutOfDiskSpace when the copy would leave less than the reserve
	 */
	void checkRoomForCopy(long bytes) {
		long usable = usableNow();
		if (usable - bytes < this.reserve || refuses(usable)) {
			throw new OutOfDiskSpace("the store refuses the snapshot: a copy of " + size(bytes) + " would leave "
					+ size(Math.max(0, usable - bytes)) + " free on the file system of " + this.folder
					+ ", below the store's reserve of " + size(this.reserve) + "; nothing was copied");
		}
	}

	/**
	 * Called when a commit failed; its writes were not acknowledged.
	 * @return the error for their clients when the commit failed for lack of space
	 * (writes are then refused until the free space has grown), else null
	 */
	@Nullable OutOfDiskSpace failedCommit(Throwable cause) {
		long usable = usableNow();
		if (!saysNoSpace(cause) && usable >= Math.max(this.reserve, NEARLY_FULL)) {
			return null;
		}
		// a reading from before the failure must not let the next write through
		this.reading = new Reading(usable, System.nanoTime());
		synchronized (this) {
			this.leftAtFailure = usable;
			if (!this.refusing) {
				this.refusing = true;
				log.warn("the store refuses writes from now on: a commit to its file failed for lack of space on the"
						+ " file system of {} ({} free); the writes in it were not acknowledged and the store goes"
						+ " back to its last commit on the disk; reads go on, and writes are accepted again by"
						+ " themselves once more space is free there", this.folder, size(usable));
			}
		}
		return new OutOfDiskSpace("a commit to the store file failed for lack of space on the file system of "
				+ this.folder + " (" + size(usable) + " free): nothing of this request was acknowledged, and the store"
				+ " went back to its last commit on the disk; writes are accepted again once there is room");
	}

	private boolean refuses(long usable) {
		long failure = this.leftAtFailure;
		return usable < this.reserve || (failure >= 0 && usable <= failure);
	}

	private String why(long usable) {
		if (usable < this.reserve) {
			return "below the store's reserve of " + size(this.reserve);
		}
		return "no more than when a commit failed for lack of space";
	}

	private synchronized void refuse(long usable) {
		if (!this.refusing) {
			this.refusing = true;
			log.warn(
					"the store refuses writes from now on: the file system of {} has {} free, below the store's"
							+ " reserve of {}; reads go on, and writes are accepted again by themselves once there is"
							+ " room (free space there, or set the reserve with --reserve-mb or -D{})",
					this.folder, size(usable), size(this.reserve), PROPERTY);
		}
	}

	private synchronized void accept(long usable) {
		if (this.refusing && !refuses(usable)) {
			this.refusing = false;
			this.leftAtFailure = -1;
			log.info("the store accepts writes again: the file system of {} has {} free (reserve {})", this.folder,
					size(usable), size(this.reserve));
		}
	}

	private long usable() {
		Reading last = this.reading;
		long now = System.nanoTime();
		if (now - last.at() < READING_NANOS) {
			return last.usable();
		}
		long usable = usableNow();
		this.reading = new Reading(usable, now);
		return usable;
	}

	private long usableNow() {
		try {
			return this.fileSystem.getUsableSpace();
		}
		catch (IOException ex) {
			// a file system that cannot say how much room it has is not trusted with a
			// write
			log.warn("cannot read the free space of the file system of {}: {}", this.folder, ex.getMessage());
			return 0;
		}
	}

	private static boolean saysNoSpace(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
			if (message.contains("no space left on device") || message.contains("disk quota exceeded")) {
				return true;
			}
		}
		return false;
	}

	static String size(long bytes) {
		return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) MIB);
	}

	private record Reading(long usable, long at) {
	}

	/**
	 * MongoDB's own error for a write refused for lack of disk space (14031,
	 * {@code OutOfDiskSpace}): the write was not stored.
	 */
	static final class OutOfDiskSpace extends MongoServerError {

		static final int CODE = 14031;

		private static final long serialVersionUID = 1L;

		OutOfDiskSpace(String message) {
			super(CODE, "OutOfDiskSpace", message);
		}

	}

}
