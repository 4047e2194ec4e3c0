package org.caduceus.embeddedmongo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a store file that opened whole from one that H2 opened empty, partial or at an
 * earlier commit than the store had reached.
 *
 * <p>
 * H2 opens a file whose newest chunks are cut off or damaged at the newest commit it can
 * still read, silently; a file cut after its header opens empty; a damaged chunk header
 * can open with no collections. Two records catch that:
 * <ul>
 * <li>a marker inside the file, written into every commit (a map of its own: the commit's
 * version and time and how many maps the store had), so a file with data always has one
 * and its map count matches;</li>
 * <li>beside the file ({@code caduceus.mv.commit}), the newest commit known to be on the
 * device, rewritten at most once a second by the store's flush thread and at a clean
 * stop, off the write path: a file that opens at an earlier commit has lost acknowledged
 * writes.</li>
 * </ul>
 * A commit cut short by a crash was never acknowledged (a write is answered after its
 * commit is forced to the device), so H2 falling back past it loses nothing and the file
 * opens; any other loss stops the store with {@link StoreFileDamaged}, leaving the file
 * as it is.
 *
 * <p>
 * A new store is made as {@code caduceus.mv.new}, given its first commit, forced to the
 * device and only then renamed to {@code caduceus.mv} (the folder forced too): the real
 * file only ever exists whole, so a crash during a node's very first start leaves at most
 * a {@code .new} file, which the next start deletes (nothing in it was ever acknowledged:
 * the store answers nothing before it is open) and makes again.
 */
final class StoreIntegrity {

	private static final Logger log = LoggerFactory.getLogger(StoreIntegrity.class);

	static final String MARKER = "caduceus.integrity";

	private static final String VERSION = "version";

	private static final String COMMITTED_AT = "committedAt";

	private static final String MAPS = "maps";

	private final MVStore store;

	private final MVMap<String, Long> marker;

	private final Path file;

	private final Path durableRecord;

	private long recorded = -1;

	/** The last record could not be written: said once, not every second. */
	private boolean recordFailing;

	private StoreIntegrity(MVStore store, Path file) {
		this.store = store;
		this.file = file;
		this.durableRecord = durableRecordOf(file);
		this.marker = store.openMap(MARKER);
	}

	static Path durableRecordOf(Path file) {
		return file.resolveSibling(file.getFileName() + ".commit");
	}

	static Path newFileOf(Path file) {
		return file.resolveSibling(file.getFileName() + ".new");
	}

	/**
	 * Refuses a file that must not be handed to H2 at all: H2 turns a zero-length file
	 * into a new empty store. Deletes a new store file that a crash left before it was
	 * whole ({@link #create}).
	 */
	static void checkBeforeOpen(Path file) {
		try {
			Path fresh = newFileOf(file);
			if (Files.deleteIfExists(fresh)) {
				log.warn("deleted {}: a new store file that a crash left before its first commit was on the device"
						+ " (it never held an acknowledged write)", fresh);
			}
			if (Files.isRegularFile(file) && Files.size(file) == 0) {
				throw new StoreFileDamaged(file, "it is empty (0 bytes): the store would start with no data");
			}
			Path record = durableRecordOf(file);
			if (!Files.exists(file) && Files.isRegularFile(record)) {
				// only a store that committed writes leaves this record: its file is
				// gone,
				// and a new empty one in its place would silently lose them all
				throw new StoreFileDamaged(file, "it is missing, but " + record.toAbsolutePath()
						+ " records durable commits of it: the store would start with no data (delete that record"
						+ " only to start this node's store anew on purpose)");
			}
		}
		catch (IOException ex) {
			throw new StoreFileDamaged(file, "it cannot be read: " + ex.getMessage());
		}
	}

	/**
	 * Makes a new store file at {@code file}, which does not exist: written as
	 * {@code <file>.new} with its first commit (the marker), forced to the device,
	 * renamed to {@code file} and the folder forced, so that {@code file} never exists
	 * without a commit.
	 */
	static void create(Path file, MVStore.Builder builder) {
		Path fresh = newFileOf(file);
		try {
			MVStore store = builder.fileName(fresh.toString()).open();
			try {
				new StoreIntegrity(store, fresh).beforeCommit();
				store.commit();
				store.sync();
			}
			finally {
				store.close();
			}
			try (FileChannel channel = FileChannel.open(fresh, StandardOpenOption.WRITE)) {
				channel.force(true);
			}
			Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE);
			forceDirectory(file.toAbsolutePath().getParent());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create the new store file " + file, ex);
		}
		log.info("new store file {} created (first commit forced to the device before it got its name)", file);
	}

	private static void forceDirectory(@Nullable Path dir) throws IOException {
		if (dir == null) {
			return;
		}
		try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
			channel.force(true);
		}
	}

	/**
	 * Checks a store H2 has just opened from {@code file}; {@code created} when
	 * {@link #create} has just made it (a record of durable commits beside it belongs to
	 * a file no longer there, and is replaced by the first flush, as before).
	 * @throws StoreFileDamaged when the file is not whole
	 */
	static StoreIntegrity verify(MVStore store, Path file, boolean created) {
		StoreIntegrity integrity = new StoreIntegrity(store, file);
		long version = store.getCurrentVersion();
		Long markedVersion = integrity.marker.get(VERSION);
		Long markedMaps = integrity.marker.get(MAPS);
		Long committedAt = integrity.marker.get(COMMITTED_AT);
		int maps = store.getMapNames().size();
		if (markedVersion == null || markedMaps == null || committedAt == null) {
			if (maps <= 1) {
				throw new StoreFileDamaged(file, "H2 finds no commit in it (it would open empty) although it is "
						+ size(file) + " bytes: its header or its chunks are cut off or damaged");
			}
			log.info("store file {} opened at commit {}; it has no integrity marker yet (written before the store"
					+ " kept one); the next commit writes it", file, version);
			return integrity;
		}
		// fewer maps than the marker recorded is a loss; more is not: mongo-java-server
		// opens a database's maps (system.namespaces) on a read, outside the commit gate,
		// so a commit can persist maps created after its marker counted them
		if (maps < markedMaps) {
			throw new StoreFileDamaged(file,
					"its newest readable commit (" + version + ", " + Instant.ofEpochMilli(committedAt) + ") lists "
							+ maps + " maps where it recorded " + markedMaps + ": collections are missing");
		}
		Durable durable = created ? null : integrity.readDurableRecord();
		if (durable != null && version < durable.version()) {
			throw new StoreFileDamaged(file,
					"it opens at commit " + version + " of " + Instant.ofEpochMilli(committedAt)
							+ ", but the store had reached commit " + durable.version() + " of " + durable.at()
							+ " (recorded in " + integrity.durableRecord + "): " + (durable.version() - version)
							+ " commits, with acknowledged writes, are missing; the file was cut or its newest"
							+ " chunks are damaged. If you put an older file there on purpose, delete "
							+ integrity.durableRecord);
		}
		log.info("store file {} opened whole at commit {} of {}", file, version, Instant.ofEpochMilli(committedAt));
		integrity.recorded = (durable != null) ? durable.version() : -1;
		return integrity;
	}

	/**
	 * Writes the marker into the commit about to be made; called with no write in
	 * progress. Costs one small map change per commit.
	 */
	void beforeCommit() {
		this.marker.put(VERSION, this.store.getCurrentVersion() + 1);
		this.marker.put(COMMITTED_AT, System.currentTimeMillis());
		int maps = this.store.getMapNames().size();
		this.marker.put(MAPS, (long) maps);
	}

	/**
	 * Records, beside the file, that commits up to {@code version} are on the device (off
	 * the write path: the flush thread, and a clean stop).
	 */
	synchronized void recordDurable(long version) {
		if (version <= this.recorded) {
			return;
		}
		Path partial = this.durableRecord.resolveSibling(this.durableRecord.getFileName() + ".partial");
		try {
			Files.writeString(partial, "version=" + version + "\nat=" + Instant.now() + "\n", StandardCharsets.UTF_8);
			Files.move(partial, this.durableRecord, StandardCopyOption.ATOMIC_MOVE,
					StandardCopyOption.REPLACE_EXISTING);
			this.recorded = version;
			if (this.recordFailing) {
				this.recordFailing = false;
				log.info("the newest durable commit is recorded in {} again", this.durableRecord);
			}
		}
		catch (IOException ex) {
			// tried again every second (a full disk): said once
			if (!this.recordFailing) {
				this.recordFailing = true;
				log.warn("cannot record the newest durable commit in {}: {}; tried again every second",
						this.durableRecord, ex.getMessage());
			}
		}
	}

	private @Nullable Durable readDurableRecord() {
		if (!Files.isRegularFile(this.durableRecord)) {
			return null;
		}
		Properties properties = new Properties();
		try {
			properties.load(Files.newBufferedReader(this.durableRecord, StandardCharsets.UTF_8));
			return new Durable(Long.parseLong(properties.getProperty(VERSION, "").strip()),
					properties.getProperty("at", "an unknown time").strip());
		}
		catch (IOException | NumberFormatException ex) {
			// a record cut by a power loss: the marker's checks still apply
			log.warn("the record of the newest durable commit {} is unreadable ({}); not checked", this.durableRecord,
					ex.getMessage());
			return null;
		}
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			return -1;
		}
	}

	private record Durable(long version, String at) {
	}

	/**
	 * The last backup of the node whose store file this is, as the backup tool records it
	 * in {@code <node folder>/backups.log}, one line per backup: time, bytes,
	 * {@code sha256:<hex>}, path, separated by tabs.
	 */
	static String lastBackup(Path file) {
		Path mongo = file.toAbsolutePath().getParent();
		Path nodeDir = (mongo != null) ? mongo.getParent() : null;
		String node = (nodeDir != null && nodeDir.getFileName() != null) ? nodeDir.getFileName().toString() : "local";
		String restore = "./caduceus restore" + (node.equals("local") ? "" : " --node " + node);
		Path log = (nodeDir != null) ? nodeDir.resolve("backups.log") : null;
		if (log != null && Files.isRegularFile(log)) {
			try {
				List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8)
					.stream()
					.filter((line) -> line.split("\t", 4).length == 4)
					.toList();
				if (!lines.isEmpty()) {
					String[] last = lines.get(lines.size() - 1).split("\t", 4);
					return "the last backup of this node is " + last[3] + " (made " + last[0] + ", " + last[1]
							+ " bytes, " + last[2] + "); restore it with " + restore + " " + shellWord(last[3]);
				}
			}
			catch (IOException ex) {
				return "the record of this node's backups " + log + " cannot be read (" + ex.getMessage()
						+ "); restore a backup with " + restore + " FILE";
			}
		}
		return "no backup of this node is recorded; restore one with " + restore + " FILE";
	}

	/**
	 * {@code path} as one shell word, to be pasted into a shell: as it is when it holds
	 * only characters a shell takes literally, else in single quotes.
	 */
	static String shellWord(String path) {
		if (path.matches("[A-Za-z0-9_./:=@%+,-]+")) {
			return path;
		}
		return "'" + path.replace("'", "'\\''") + "'";
	}

	/**
	 * The store file cannot be opened whole: the store stops and leaves it as it is.
	 */
	static final class StoreFileDamaged extends RuntimeException {

		private static final long serialVersionUID = 1L;

		StoreFileDamaged(Path file, String what) {
			super("the store file " + file.toAbsolutePath() + " cannot be opened whole: " + what
					+ ". The store did not start and left the file as it is (no repair, nothing written); "
					+ lastBackup(file));
		}

	}

}
