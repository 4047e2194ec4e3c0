package org.caduceus.embeddedmongo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.jspecify.annotations.Nullable;

/**
 * The H2 backend of mongo-java-server, made fit for a node's data:
 * <ul>
 * <li>a write is answered only once it is committed to the file and forced to the device
 * ({@link GroupCommit}), the embedded equivalent of MongoDB's journaled write concern;
 * the store's own timed background commits are off, so the file holds only whole
 * writes;</li>
 * <li>non-unique indexes are real ({@link OrderedIndex}) and queries are planned over
 * them ({@link IndexedCollection});</li>
 * <li>the {@code hello} handshake (MongoDB 4.4.2+, sent by Spring Boot's health check) is
 * answered like the legacy {@code isMaster};</li>
 * <li>the admin command {@code caduceusSnapshot} copies the store file at one commit
 * point, for a backup of a running node ({@link StoreSnapshot});</li>
 * <li>writes are refused, before they change anything, while the file system holding the
 * store file has less free space than its reserve ({@link DiskReserve}).</li>
 * </ul>
 * A commit that fails closes the store for good ({@link GroupCommit}); it is then
 * {@link #broken()}, and {@link RecoveringBackend} opens the file again.
 */
final class StoreBackend extends H2Backend {

	static final int CACHE_MB = 64;

	/**
	 * Commands that never change the store: they are answered at once. Everything else
	 * waits for its commit (a commit with nothing to write costs nothing).
	 */
	private static final Set<String> READS = Set.of("find", "getmore", "count", "distinct", "listcollections",
			"listindexes", "listdatabases", "ismaster", "hello", "buildinfo", "ping", "whatsmyuri", "getlasterror",
			"reseterror", "dbstats", "collstats", "validate", "serverstatus", "getlog", "getparameter",
			"getcmdlineopts", "hostinfo", "connectionstatus", "killcursors", "endsessions", "explain",
			"getfreemonitoringstatus", "saslstart", "saslcontinue", "atlasversion");

	private static final String SNAPSHOT = StoreSnapshot.COMMAND.toLowerCase(Locale.ROOT);

	/** Suffix of a unique index's map, beside the map name H2's own index used. */
	private static final String UNIQUE = ".unique";

	private final @Nullable GroupCommit commits;

	private final @Nullable ScheduledExecutorService flusher;

	private final @Nullable Path file;

	private final @Nullable StoreIntegrity integrity;

	private final @Nullable DiskReserve reserve;

	/** Held while a snapshot is taken: one at a time. */
	private final ReentrantLock snapshotting = new ReentrantLock();

	/** Closed on purpose: a closed store is then no failure. */
	private volatile boolean closing;

	private StoreBackend(MVStore store, @Nullable Path file, @Nullable StoreIntegrity integrity,
			@Nullable DiskReserve reserve) {
		super(store);
		this.file = file;
		this.integrity = integrity;
		this.reserve = reserve;
		this.commits = (store.getFileStore() != null)
				? new GroupCommit(store, (integrity != null) ? integrity::beforeCommit : () -> {
				}) : null;
		this.flusher = (this.commits != null) ? Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "store-flush");
			thread.setDaemon(true);
			return thread;
		}) : null;
		if (this.flusher != null) {
			GroupCommit flushed = this.commits;
			this.flusher.scheduleWithFixedDelay(() -> {
				try {
					flushed.flush();
					if (integrity != null) {
						integrity.recordDurable(flushed.durableVersion());
					}
				}
				catch (RuntimeException ex) {
					// the next write reports it to its client
				}
			}, 1, 1, TimeUnit.SECONDS);
		}
	}

	@Override
	public void close() {
		this.closing = true;
		if (this.flusher != null) {
			this.flusher.shutdownNow();
		}
		if (this.commits != null) {
			GroupCommit commits = this.commits;
			commits.closeBetweenWrites(() -> {
				MVStore store = getMvStore();
				if (this.integrity != null && !store.isClosed()) {
					// the last commit carries the marker too, and is recorded as durable
					if (store.hasUnsavedChanges()) {
						this.integrity.beforeCommit();
					}
					store.commit();
					store.sync();
					this.integrity.recordDurable(store.getCurrentVersion());
				}
				super.close();
			});
		}
		else {
			super.close();
		}
	}

	/**
	 * True when a failed commit closed the store: nothing can be read or written through
	 * it any more, and its file holds its last durable commit.
	 */
	boolean broken() {
		return !this.closing && getMvStore().isClosed();
	}

	/**
	 * Lets go of a broken store: stops its flush thread and releases its file (and the
	 * file's lock), committing nothing.
	 */
	void discard() {
		this.closing = true;
		if (this.flusher != null) {
			this.flusher.shutdownNow();
		}
		getMvStore().closeImmediately();
	}

	/** An in-memory store, for throwaway use. */
	static StoreBackend openInMemory() {
		return new StoreBackend(builder().open(), null, null, null);
	}

	/**
	 * Opens the store file.
	 * @param reserve refuses writes while the file system lacks room; null for none
	 * @throws StoreIntegrity.StoreFileDamaged when the file cannot be opened whole (H2
	 * cannot read it, or would open it empty, partial or at an earlier commit than the
	 * store had reached); the file is left as it is
	 */
	static StoreBackend open(String fileName, @Nullable DiskReserve reserve) {
		Path file = Path.of(fileName).toAbsolutePath();
		StoreIntegrity.checkBeforeOpen(file);
		boolean created = !Files.exists(file);
		if (created) {
			StoreIntegrity.create(file, builder());
		}
		MVStore.Builder builder = builder();
		MVStore store;
		try {
			store = builder.fileName(file.toString()).open();
		}
		catch (MVStoreException ex) {
			if (ex.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
				throw ex;
			}
			throw new StoreIntegrity.StoreFileDamaged(file, "H2 cannot read it (" + ex.getMessage() + ")");
		}
		try {
			StoreIntegrity integrity = StoreIntegrity.verify(store, file, created);
			return new StoreBackend(store, file, integrity, reserve);
		}
		catch (StoreIntegrity.StoreFileDamaged ex) {
			store.closeImmediately();
			throw ex;
		}
		catch (RuntimeException ex) {
			store.closeImmediately();
			if (damage(ex) instanceof MVStoreException damage) {
				throw new StoreIntegrity.StoreFileDamaged(file,
						"a part of its newest commit cannot be read (" + damage.getMessage() + ")");
			}
			throw ex;
		}
	}

	private static MVStore.Builder builder() {
		return new MVStore.Builder()
			// H2's default page cache (16 MB) is small for a node's incidents: at 100k of
			// them reads go to the file
			.cacheSize(CACHE_MB)
			// no commit at a moment of the store's choosing: only GroupCommit commits,
			// between whole writes (the buffer size 0 stops commits from inside a write)
			.autoCommitDisabled()
			.autoCommitBufferSize(0);
	}

	private static @Nullable Throwable damage(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof MVStoreException) {
				return cause;
			}
		}
		return null;
	}

	/**
	 * Commits made so far; under concurrent writes there are fewer commits than writes.
	 */
	long commits() {
		return (this.commits != null) ? this.commits.commits() : 0;
	}

	@Override
	public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
		String name = command.toLowerCase(Locale.ROOT);
		if (name.equals("hello")) {
			Document response = super.handleCommand(channel, databaseName, "isMaster", query);
			response.put("isWritablePrimary", Boolean.TRUE);
			return response;
		}
		if (name.equals(SNAPSHOT)) {
			return snapshot(databaseName);
		}
		if (this.commits == null || reads(name, query)) {
			return super.handleCommand(channel, databaseName, command, query);
		}
		if (this.reserve != null && changesStore(name, query) && !changesNothing(databaseName, command, query)) {
			this.reserve.checkBeforeWrite();
		}
		try {
			if (unjournaled(query)) {
				return this.commits.writeUnjournaled(() -> super.handleCommand(channel, databaseName, command, query));
			}
			return this.commits.write(() -> super.handleCommand(channel, databaseName, command, query));
		}
		catch (GroupCommit.NotDurable ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			DiskReserve.OutOfDiskSpace noSpace = (this.reserve != null) ? this.reserve.failedCommit(cause) : null;
			if (noSpace != null) {
				throw noSpace;
			}
			throw new MongoServerError(1, "InternalError", ex.getMessage(), ex);
		}
	}

	/**
	 * Whether a command that is not a plain read may change the store: an aggregation
	 * changes nothing unless it has {@code $out} or {@code $merge}, and is never refused
	 * for lack of space.
	 */
	private static boolean changesStore(String name, Document query) {
		return !name.equals("aggregate") || writesThroughPipeline(name, query);
	}

	/**
	 * Commands a service sends at every start whether or not there is anything to do:
	 * creating indexes it already has, dropping a collection that is gone. Then they
	 * change nothing and are not refused for lack of space, so that a service can start,
	 * and serve reads, while the disk is full.
	 */
	private boolean changesNothing(String databaseName, String command, Document query) {
		String name = command.toLowerCase(Locale.ROOT);
		if (!name.equals("createindexes") && !name.equals("drop")) {
			return false;
		}
		MongoCollection<?> collection = listDatabaseNames().contains(databaseName)
				? resolveDatabase(databaseName).resolveCollection(String.valueOf(query.get(command)), false) : null;
		if (name.equals("drop")) {
			return collection == null;
		}
		if (collection == null || !(query.get("indexes") instanceof List<?> wanted)) {
			return false;
		}
		Set<String> existing = new HashSet<>();
		collection.getIndexes().forEach((index) -> existing.add(index.getName()));
		return wanted.stream()
			.allMatch((index) -> index instanceof Document spec && existing.contains(spec.get("name")));
	}

	/**
	 * A copy of the store file at one commit point, for {@code ./caduceus backup} of a
	 * running node ({@link StoreSnapshot}).
	 */
	private Document snapshot(String databaseName) {
		if (!databaseName.equals("admin")) {
			throw new MongoServerError(13, "Unauthorized",
					StoreSnapshot.COMMAND + " may only be run against the admin database");
		}
		if (this.commits == null || this.file == null) {
			throw new MongoServerError(115, "CommandNotSupported", "an in-memory store has no file to copy");
		}
		if (!this.snapshotting.tryLock()) {
			throw new MongoServerError(117, "ConflictingOperationInProgress",
					"a snapshot is being taken: one snapshot at a time");
		}
		try {
			return StoreSnapshot.take(this.commits, this.file, this.reserve);
		}
		catch (DiskReserve.OutOfDiskSpace ex) {
			throw ex;
		}
		catch (StoreSnapshot.CopyExists ex) {
			throw new MongoServerError(117, "ConflictingOperationInProgress", ex.getMessage());
		}
		catch (RuntimeException ex) {
			throw new MongoServerError(1, "InternalError", "snapshot failed: " + ex.getMessage(), ex);
		}
		finally {
			this.snapshotting.unlock();
		}
	}

	/**
	 * A write whose client asked for {@code j: false} or {@code w: 0}: MongoDB answers it
	 * before it is in the journal, and so does this store (the services never ask for it;
	 * the benchmarks do, for the baseline).
	 */
	private static boolean unjournaled(Document query) {
		return query.get("writeConcern") instanceof Document concern
				&& (Boolean.FALSE.equals(concern.get("j")) || Integer.valueOf(0).equals(concern.get("w")));
	}

	/** Whether command {@code name} (lower case) changes nothing in the store. */
	static boolean reads(String name, Document query) {
		return READS.contains(name) && !writesThroughPipeline(name, query);
	}

	/** An aggregation with {@code $out} or {@code $merge} writes. */
	private static boolean writesThroughPipeline(String name, Document query) {
		if (!name.equals("aggregate") || !(query.get("pipeline") instanceof List<?> stages)) {
			return false;
		}
		return stages.stream()
			.anyMatch(stage -> stage instanceof Document d && (d.containsKey("$out") || d.containsKey("$merge")));
	}

	@Override
	protected MongoDatabase openOrCreateDatabase(String databaseName) {
		return new Database(databaseName);
	}

	/**
	 * A database whose collections plan queries over indexes, and whose non-unique
	 * indexes exist. An inner class: H2's database opens its collections and indexes in
	 * its constructor, and this class needs the store there.
	 */
	private final class Database extends H2Database {

		Database(String databaseName) {
			super(databaseName, getMvStore(), getCursorRegistry());
		}

		@Override
		protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
			String fullName = getFullCollectionNamespace(collectionName);
			MVStore store = getMvStore();
			// the map names of H2's own collections, so that existing store files open;
			// documents written as BSON (DocumentType)
			MVMap<Object, Document> data = store.openMap("databases." + fullName,
					new MVMap.Builder<Object, Document>().valueType(new DocumentType()));
			MVMap<String, Object> meta = store.openMap("meta." + fullName);
			return new IndexedCollection(this, collectionName, options, data, meta, this.cursorRegistry);
		}

		@Override
		protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
				boolean sparse) {
			String stockName = indexMap(collectionName, indexName);
			MVStore store = getMvStore();
			if (store.hasMap(stockName)) {
				// kept by H2's own unique index, in serialized-bytes order: rebuilt below
				store.removeMap(stockName);
			}
			return new UniqueIndex(store.openMap(stockName + UNIQUE, UniqueIndex.map()), indexName, keys, sparse);
		}

		@Override
		protected void dropIndex(MongoCollection<Object> collection, String indexName) {
			super.dropIndex(collection, indexName);
			getMvStore().removeMap(indexMap(collection.getCollectionName(), indexName) + UNIQUE);
		}

		private String indexMap(String collectionName, String indexName) {
			return getFullCollectionNamespace(collectionName) + "._index_" + indexName;
		}

		@Override
		protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
				boolean sparse) {
			return OrderedIndex.open(getMvStore(), indexMap(collectionName, indexName), indexName, keys, sparse);
		}

	}

}
