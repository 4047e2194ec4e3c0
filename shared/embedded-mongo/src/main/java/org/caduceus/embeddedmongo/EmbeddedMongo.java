package org.caduceus.embeddedmongo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import de.bwaldvogel.mongo.MongoServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running embedded MongoDB-compatible server.
 *
 * <p>
 * The store is one MVStore file ({@code <dataDir>/caduceus.mv}); a file can be opened by
 * one process only, so a node runs one store process that all its services connect to,
 * each to its own database.
 *
 * <p>
 * A write is answered once it is committed to the file and forced to the device, so an
 * acknowledged write survives {@code kill -9} of the store (and a power cut); concurrent
 * writes share one commit. Non-unique indexes are kept and used by queries.
 *
 * <p>
 * Writes are refused, with MongoDB's {@code OutOfDiskSpace} (14031) and nothing changed,
 * while the file system holding the store has less free space than the reserve, and are
 * accepted again by themselves when there is room ({@link DiskReserve}). A commit that
 * fails anyway (for lack of space or an I/O error) is never acknowledged, and the store
 * opens its file again at its last durable commit, on the same port
 * ({@link RecoveringBackend}).
 */
public final class EmbeddedMongo implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);

	private final MongoServer server;

	/**
	 * Threads that answer clients. A write holds its thread until its commit is on the
	 * device, so the writes that wait together, and share one commit, are at most this
	 * many; an idle thread costs only its stack.
	 */
	static final int WORKER_THREADS = 32;

	private final RecoveringBackend backend;

	private final InetSocketAddress address;

	private EmbeddedMongo(RecoveringBackend backend, String host, int port) {
		this.backend = backend;
		this.server = new MongoServer(backend);
		this.server.bind(new InetSocketAddress(host, port), 1, WORKER_THREADS);
		this.address = this.server.getLocalAddress();
	}

	/**
	 * Starts a server whose data lives under {@code dataDir}, keeping the reserve of free
	 * space set by the system property {@code caduceus.store.reserve-mb} (64 MiB if
	 * unset).
	 * @param dataDir folder for the store file, created if missing
	 * @param host address to bind, normally {@code 127.0.0.1}
	 * @param port port to bind, 0 for any free port
	 * @return the running server
	 */
	public static EmbeddedMongo start(Path dataDir, String host, int port) {
		return start(dataDir, host, port, DiskReserve.configuredBytes());
	}

	/**
	 * Starts a server whose data lives under {@code dataDir}.
	 * @param dataDir folder for the store file, created if missing
	 * @param host address to bind, normally {@code 127.0.0.1}
	 * @param port port to bind, 0 for any free port
	 * @param reserveBytes free space to keep on the file system of {@code dataDir}:
	 * writes are refused while there is less (0 refuses none before a commit failed)
	 * @return the running server
	 */
	public static EmbeddedMongo start(Path dataDir, String host, int port, long reserveBytes) {
		try {
			Files.createDirectories(dataDir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create the store folder " + dataDir, ex);
		}
		StoreSnapshot.removeLeftovers(dataDir);
		Path file = dataDir.resolve("caduceus.mv");
		DiskReserve reserve = DiskReserve.of(dataDir, reserveBytes);
		EmbeddedMongo mongo = new EmbeddedMongo(RecoveringBackend.open(file.toString(), reserve), host, port);
		log.info("embedded store listening on {} with data in {} (writes refused below {} free there)",
				mongo.connectionString(), file, DiskReserve.size(reserveBytes));
		return mongo;
	}

	/** Starts a server that keeps its data in memory only, for throwaway use. */
	public static EmbeddedMongo startInMemory(String host, int port) {
		return new EmbeddedMongo(RecoveringBackend.inMemory(), host, port);
	}

	/**
	 * Completes, with the reason, when the store file could not be opened whole again
	 * after a failed commit: the store then answers every request with that reason, and
	 * its process should stop, as it does when the file is damaged at start.
	 */
	public CompletableFuture<String> damaged() {
		return this.backend.damaged();
	}

	/**
	 * @return a URI such as {@code mongodb://127.0.0.1:27017}
	 */
	public String connectionString() {
		return "mongodb://" + this.address.getHostString() + ":" + this.address.getPort();
	}

	public int port() {
		return this.address.getPort();
	}

	/** Commits made so far: with durable writes, one per group of concurrent writes. */
	public long commits() {
		return this.backend.current().commits();
	}

	/**
	 * A collection as the store holds it, for tests that look at how queries are read.
	 */
	IndexedCollection collection(String database, String collection) {
		return (IndexedCollection) this.backend.resolveDatabase(database).resolveCollection(collection, true);
	}

	/** Stops accepting connections and closes the store file cleanly. */
	@Override
	public void close() {
		this.server.shutdownNow();
		log.info("embedded store on port {} stopped", this.address.getPort());
	}

}
