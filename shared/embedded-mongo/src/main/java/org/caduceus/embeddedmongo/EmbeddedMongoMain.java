package org.caduceus.embeddedmongo;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the embedded store as its own process:
 * {@code java -jar caduceus-embedded-mongo-exec.jar --data ./data/nl/mongo --port 27017}.
 * Stops cleanly (and flushes the store file) on SIGTERM. Exits with 3, and a message that
 * names the file and the node's last backup, when the store file cannot be opened whole.
 */
public final class EmbeddedMongoMain {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoMain.class);

	private EmbeddedMongoMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		Path data = Path.of("data/local/mongo");
		String host = "127.0.0.1";
		int port = 27017;
		for (int i = 0; i < args.length; i++) {
			String value = (i + 1 < args.length) ? args[i + 1] : "";
			switch (args[i]) {
				case "--data" -> data = Path.of(value);
				case "--host" -> host = value;
				case "--port" -> port = Integer.parseInt(value);
				default -> {
					log.error("unknown argument {}; usage: --data DIR [--host ADDR] [--port N]", args[i]);
					System.exit(2);
				}
			}
			i++;
		}
		EmbeddedMongo mongo;
		try {
			mongo = EmbeddedMongo.start(data, host, port);
		}
		catch (StoreIntegrity.StoreFileDamaged ex) {
			log.error(ex.getMessage());
			System.exit(3);
			return;
		}
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			mongo.close();
			stopped.countDown();
		}, "embedded-mongo-shutdown"));
		stopped.await();
	}

}
