package org.caduceus.testsupport;

import java.nio.file.Path;
import java.util.Locale;

import org.caduceus.embeddedmongo.EmbeddedMongo;
import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The MongoDB the tests of this JVM use, chosen once and shared by every test context.
 *
 * <ol>
 * <li>{@code CADUCEUS_TEST_MONGODB_URI} (environment or system property): an existing
 * MongoDB;</li>
 * <li>Docker available: a Testcontainers MongoDB replica set ({@code mongo:8.0});</li>
 * <li>otherwise the embedded store, on a file of its own for this run (one H2 file can be
 * opened by one process only).</li>
 * </ol>
 * The choice is printed once to the standard error stream, so every test run says which
 * store it used.
 */
public final class TestStore {

	/** Which kind of store the run uses. */
	public enum Kind {

		/** An existing MongoDB given by URI. */
		URI,
		/** A real MongoDB replica set in a container. */
		TESTCONTAINERS,
		/** The embedded mongo-java-server, file-backed. */
		EMBEDDED;

		public boolean isRealMongo() {
			return this != EMBEDDED;
		}

	}

	private static final String MONGO_IMAGE = "mongo:8.0";

	private static @Nullable TestStore instance;

	private final Kind kind;

	private final String uri;

	private TestStore(Kind kind, String uri) {
		this.kind = kind;
		this.uri = uri;
	}

	/**
	 * @return the store of this run, started on first use
	 */
	public static synchronized TestStore get() {
		if (instance == null) {
			instance = start();
			System.err.printf(Locale.ROOT, "[caduceus-test-support] tests use MongoDB: %s at %s%n", instance.kind,
					instance.uri);
		}
		return instance;
	}

	/**
	 * @return true when Docker answers, so that a real MongoDB can be started
	 */
	public static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

	public Kind kind() {
		return this.kind;
	}

	/**
	 * @return the connection string, without a database name
	 */
	public String uri() {
		return this.uri;
	}

	private static TestStore start() {
		String explicit = System.getProperty("CADUCEUS_TEST_MONGODB_URI", System.getenv("CADUCEUS_TEST_MONGODB_URI"));
		if (explicit != null && !explicit.isBlank()) {
			return new TestStore(Kind.URI, explicit);
		}
		if (dockerAvailable()) {
			MongoDBContainer container = new MongoDBContainer(MONGO_IMAGE);
			container.start();
			Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "test-mongo-stop"));
			return new TestStore(Kind.TESTCONTAINERS, container.getConnectionString());
		}
		Path root = Path.of(System.getProperty("caduceus.test.dir", System.getProperty("java.io.tmpdir")));
		Path dir = root.resolve("mongo-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
		EmbeddedMongo mongo = EmbeddedMongo.start(dir, "127.0.0.1", 0);
		Runtime.getRuntime().addShutdownHook(new Thread(mongo::close, "test-mongo-stop"));
		return new TestStore(Kind.EMBEDDED, mongo.connectionString());
	}

}
