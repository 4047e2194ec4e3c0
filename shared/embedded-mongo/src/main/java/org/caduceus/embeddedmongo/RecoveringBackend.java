package org.caduceus.embeddedmongo;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store as its clients see it: answers through the current {@link StoreBackend}, and
 * when a failed commit has closed it (H2 closes its store for good when a chunk cannot be
 * written, and every later read fails too), opens the store file again at its last
 * durable commit, in the same process and on the same port, before it answers the next
 * request.
 *
 * <p>
 * The file is opened as at start ({@link StoreBackend#open}): the integrity checks of
 * {@link StoreIntegrity} apply, so a file that opens at an earlier commit than the store
 * had forced to the device is refused rather than served. Nothing acknowledged is lost: a
 * write is acknowledged only once its commit is on the device, and the writes of the
 * failed commit were answered with an error. Writes answered from memory
 * ({@code j: false}) since the last commit are gone, as MongoDB allows for them.
 * Connections stay open; cursors of the closed store are gone.
 *
 * <p>
 * A write refused for lack of space is answered here, without the wire handler's error
 * log: {@link DiskReserve} logs once when refusing starts and once when it ends, not once
 * per write.
 */
final class RecoveringBackend implements MongoBackend {

	private static final Logger log = LoggerFactory.getLogger(RecoveringBackend.class);

	private final @Nullable String file;

	private final @Nullable DiskReserve reserve;

	private volatile StoreBackend current;

	private final CompletableFuture<String> damaged = new CompletableFuture<>();

	private RecoveringBackend(StoreBackend first, @Nullable String file, @Nullable DiskReserve reserve) {
		this.current = first;
		this.file = file;
		this.reserve = reserve;
	}

	/** Opens the store file; see {@link StoreBackend#open}. */
	static RecoveringBackend open(String file, DiskReserve reserve) {
		return new RecoveringBackend(StoreBackend.open(file, reserve), file, reserve);
	}

	/** A store in memory, which has no file to fail. */
	static RecoveringBackend inMemory() {
		return new RecoveringBackend(StoreBackend.openInMemory(), null, null);
	}

	/** Completed with the reason when the file could not be opened whole again. */
	CompletableFuture<String> damaged() {
		return this.damaged;
	}

	/** The store that answers now (for tests and figures). */
	StoreBackend current() {
		return this.current;
	}

	@Override
	public Document handleMessage(MongoMessage message) {
		Document document = message.getDocument();
		String command = document.isEmpty() ? "" : document.keySet().iterator().next();
		return answer((backend) -> backend.handleMessage(message), reads(command, document));
	}

	@Override
	public Document handleCommand(Channel channel, String database, String command, Document query) {
		return answer((backend) -> backend.handleCommand(channel, database, command, query), reads(command, query));
	}

	@Override
	public QueryResult handleQuery(MongoQuery query) {
		StoreBackend backend = serving();
		try {
			return backend.handleQuery(query);
		}
		finally {
			reopenIfBroken(backend);
		}
	}

	private static boolean reads(String command, Document query) {
		return StoreBackend.reads(command.toLowerCase(java.util.Locale.ROOT), query);
	}

	/**
	 * @param read the request changes nothing: caught by a failed commit, it was not
	 * refused for lack of space, the store was only reopening
	 */
	private Document answer(Function<StoreBackend, Document> request, boolean read) {
		StoreBackend backend = serving();
		try {
			return request.apply(backend);
		}
		catch (DiskReserve.OutOfDiskSpace ex) {
			return error(ex);
		}
		catch (RuntimeException ex) {
			// a request the failed commit of another one caught halfway (H2 closed the
			// store under it): answered as that one was
			if (backend.broken() && read) {
				// MongoDB's ShutdownInProgress: the driver takes the store as recovering
				// and
				// the service answers 503, never "not saved" for a read
				return error(new MongoServerError(91, "ShutdownInProgress",
						"the store is opening its file again after a failed commit"));
			}
			DiskReserve.OutOfDiskSpace noSpace = (backend.broken() && this.reserve != null)
					? this.reserve.failedCommit(ex) : null;
			if (noSpace != null) {
				return error(noSpace);
			}
			throw ex;
		}
		finally {
			reopenIfBroken(backend);
		}
	}

	/** The wire handler's error answer, without its error log. */
	private static Document error(MongoServerError ex) {
		Document answer = new Document();
		answer.put("$err", ex.getMessageWithoutErrorCode());
		answer.put("errmsg", ex.getMessageWithoutErrorCode());
		answer.put("code", ex.getCode());
		answer.put("codeName", ex.getCodeName());
		answer.put("ok", 0);
		return answer;
	}

	private StoreBackend serving() {
		StoreBackend backend = this.current;
		return backend.broken() ? reopen(backend) : backend;
	}

	/**
	 * Reopens at once after the request that saw the store break, so that the next one (a
	 * read, say) finds it open.
	 */
	private void reopenIfBroken(StoreBackend backend) {
		if (backend.broken()) {
			try {
				reopen(backend);
			}
			catch (MongoServerError ex) {
				// the next request tries again, and its client hears why
			}
		}
	}

	private synchronized StoreBackend reopen(StoreBackend broken) {
		if (this.current != broken) {
			return this.current;
		}
		String message = this.damaged.getNow(null);
		if (message != null || this.file == null) {
			throw new MongoServerError(1, "InternalError",
					(message != null) ? message : "the in-memory store was closed");
		}
		broken.discard();
		long started = System.nanoTime();
		try {
			StoreBackend reopened = StoreBackend.open(this.file, this.reserve);
			this.current = reopened;
			log.info(
					"store file {} opened again at its last durable commit {} after a failed commit ({} ms);"
							+ " nothing acknowledged was lost",
					this.file, reopened.getMvStore().getCurrentVersion(), (System.nanoTime() - started) / 1_000_000);
			return reopened;
		}
		catch (StoreIntegrity.StoreFileDamaged ex) {
			log.error(ex.getMessage());
			this.damaged.complete(ex.getMessage());
			throw new MongoServerError(1, "InternalError", ex.getMessage());
		}
		catch (RuntimeException ex) {
			log.warn("cannot open the store file {} again after a failed commit ({}); the next request tries again",
					this.file, ex.getMessage());
			throw new MongoServerError(1, "InternalError",
					"the store file could not be opened again after a failed commit: " + ex.getMessage());
		}
	}

	@Override
	public void handleClose(Channel channel) {
		this.current.handleClose(channel);
	}

	@Override
	public void dropDatabase(String database) {
		serving().dropDatabase(database);
	}

	@Override
	public Collection<Document> getCurrentOperations(MongoQuery query) {
		return serving().getCurrentOperations(query);
	}

	@Override
	public Document getServerStatus() {
		return serving().getServerStatus();
	}

	@Override
	public synchronized void close() {
		StoreBackend backend = this.current;
		if (backend.broken()) {
			backend.discard();
		}
		else {
			backend.close();
		}
	}

	@Override
	public void closeCursors(List<Long> cursorIds) {
		this.current.closeCursors(cursorIds);
	}

	@Override
	public Clock getClock() {
		return this.current.getClock();
	}

	@Override
	public void enableOplog() {
		throw new UnsupportedOperationException("the store keeps no oplog: a store opened again would not have it");
	}

	@Override
	public void disableOplog() {
		// never enabled
	}

	@Override
	public MongoDatabase resolveDatabase(String database) {
		return serving().resolveDatabase(database);
	}

	@Override
	public MongoBackend version(MongoVersion version) {
		throw new UnsupportedOperationException("the store answers as its backend's default version");
	}

}
