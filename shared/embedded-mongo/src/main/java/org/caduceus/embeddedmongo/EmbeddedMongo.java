package org.caduceus.embeddedmongo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running embedded MongoDB-compatible server.
 *
 * <p>
 * The store is one MVStore file ({@code <dataDir>/caduceus.mv}); a file can be opened by
 * one process only, so a node runs one store process that all its services connect to,
 * each to its own database.
 */
public final class EmbeddedMongo implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);

	private final MongoServer server;

	private final H2Backend backend;

	private final InetSocketAddress address;

	private EmbeddedMongo(H2Backend backend, String host, int port) {
		this.backend = backend;
		this.server = new MongoServer(backend);
		this.server.bind(host, port);
		this.address = this.server.getLocalAddress();
	}

	/**
	 * Starts a server whose data lives under {@code dataDir}.
	 * @param dataDir folder for the store file, created if missing
	 * @param host address to bind, normally {@code 127.0.0.1}
	 * @param port port to bind, 0 for any free port
	 * @return the running server
	 */
	public static EmbeddedMongo start(Path dataDir, String host, int port) {
		try {
			Files.createDirectories(dataDir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create the store folder " + dataDir, ex);
		}
		Path file = dataDir.resolve("caduceus.mv");
		EmbeddedMongo mongo = new EmbeddedMongo(new HelloAwareH2Backend(file.toString()), host, port);
		log.info("embedded store listening on {} with data in {}", mongo.connectionString(), file);
		return mongo;
	}

	/** Starts a server that keeps its data in memory only, for throwaway use. */
	public static EmbeddedMongo startInMemory(String host, int port) {
		return new EmbeddedMongo(new HelloAwareH2Backend(null), host, port);
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

	/** Writes what is pending to disk without stopping. */
	public void flush() {
		this.backend.commit();
	}

	/** Stops accepting connections and closes the store file cleanly. */
	@Override
	public void close() {
		this.server.shutdownNow();
		log.info("embedded store on port {} stopped", this.address.getPort());
	}

	/**
	 * mongo-java-server answers the legacy {@code isMaster} handshake but not
	 * {@code hello} (MongoDB 4.4.2+), which Spring Boot's Mongo health indicator sends.
	 * Answer both.
	 */
	static final class HelloAwareH2Backend extends H2Backend {

		static final int CACHE_MB = 64;

		HelloAwareH2Backend(@Nullable String fileName) {
			super(open(fileName));
		}

		/**
		 * H2's default page cache (16 MB) is small for a node's incidents: at 100k of
		 * them reads go to the file. 64 MB keeps the working set of a small node in
		 * memory.
		 */
		private static MVStore open(@Nullable String fileName) {
			MVStore.Builder builder = new MVStore.Builder().cacheSize(CACHE_MB);
			if (fileName != null) {
				builder.fileName(fileName);
			}
			return builder.open();
		}

		@Override
		public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
			if (command.equalsIgnoreCase("hello")) {
				Document response = super.handleCommand(channel, databaseName, "isMaster", query);
				response.put("isWritablePrimary", Boolean.TRUE);
				return response;
			}
			return super.handleCommand(channel, databaseName, command, query);
		}

	}

}
