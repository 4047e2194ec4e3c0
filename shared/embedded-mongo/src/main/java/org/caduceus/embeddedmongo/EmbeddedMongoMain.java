package org.caduceus.embeddedmongo;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the embedded store as its own process:
 * {@code java -jar caduceus-embedded-mongo-exec.jar --data ./data/nl/mongo --port 27017}.
 * Stops cleanly (and flushes the store file) on SIGTERM. Exits with 3, and a message that
 * names the file and the node's last backup, when the store file cannot be opened whole,
 * at start or when it is opened again after a failed commit.
 *
 * <p>
 * {@code --reserve-mb N} (or {@code -Dcaduceus.store.reserve-mb=N}, which
 * {@code CADUCEUS_JAVA_OPTIONS} can carry) sets the free space, in MiB, below which the
 * store refuses writes; 64 by default.
 */
public final class EmbeddedMongoMain {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoMain.class);

	private EmbeddedMongoMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		EmbeddedMongo mongo = startOrExit(args);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			mongo.close();
			stopped.countDown();
		}, "embedded-mongo-shutdown"));
		stopped.await();
	}

	/**
	 * Opens the store as {@code main} does, for a process that runs it beside other
	 * things (the single-process node): exits with 2 on a bad argument and 3 on a damaged
	 * store file, now or when the file is found damaged on a later reopen.
	 */
	public static EmbeddedMongo startOrExit(String[] args) {
		Path data = Path.of("data/local/mongo");
		String host = "127.0.0.1";
		int port = 27017;
		long reserve;
		try {
			reserve = DiskReserve.configuredBytes();
		}
		catch (IllegalArgumentException ex) {
			log.error(ex.getMessage());
			System.exit(2);
			throw new IllegalStateException("exiting");
		}
		for (int i = 0; i < args.length; i++) {
			String value = (i + 1 < args.length) ? args[i + 1] : "";
			switch (args[i]) {
				case "--data" -> data = Path.of(value);
				case "--host" -> host = value;
				case "--port" -> port = Integer.parseInt(value);
				case "--reserve-mb" -> {
					try {
						reserve = DiskReserve.megabytes(value, "--reserve-mb");
					}
					catch (IllegalArgumentException ex) {
						log.error(ex.getMessage());
						System.exit(2);
					}
				}
				default -> {
					log.error("unknown argument {}; usage: --data DIR [--host ADDR] [--port N] [--reserve-mb N]",
							args[i]);
					System.exit(2);
				}
			}
			i++;
		}
		EmbeddedMongo mongo;
		try {
			mongo = EmbeddedMongo.start(data, host, port, reserve);
		}
		catch (StoreIntegrity.StoreFileDamaged ex) {
			log.error(ex.getMessage());
			System.exit(3);
			throw new IllegalStateException("exiting");
		}
		// the file was found damaged when it was opened again (logged): stop as at start,
		// from a thread of its own, since the request thread that found it must not wait
		// for the server's shutdown
		mongo.damaged().thenRunAsync(() -> System.exit(3), (task) -> new Thread(task, "store-damaged").start());
		return mongo;
	}

}
