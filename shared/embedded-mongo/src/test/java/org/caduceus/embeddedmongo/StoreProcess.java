package org.caduceus.embeddedmongo;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.awaitility.Awaitility;
import org.bson.Document;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded store as its own process, as the launcher runs it, for the tests that kill
 * it or fill its disk; and a client of it that gives up quickly instead of waiting out
 * the driver's 30 s.
 */
final class StoreProcess {

	private StoreProcess() {
	}

	/**
	 * Starts the store on {@code data} and waits until it answers a ping.
	 * @param arguments more arguments of {@link EmbeddedMongoMain}
	 */
	static Process start(Path data, int port, Path log, String... arguments) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
				EmbeddedMongoMain.class.getName(), "--data", data.toString(), "--port", Integer.toString(port)));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		Awaitility.await("the store answering on port " + port + " (see " + log.getFileName() + ")")
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> {
				assertThat(process.isAlive()).as("the store started (see %s)", log).isTrue();
				try (MongoClient client = client(port, Duration.ofSeconds(5))) {
					client.getDatabase("admin").runCommand(new Document("ping", 1));
					return true;
				}
				catch (RuntimeException notYet) {
					return false;
				}
			});
		return process;
	}

	/**
	 * A client that fails fast when the store is gone, and reads for at most
	 * {@code read}.
	 */
	static MongoClient client(int port, Duration read) {
		return MongoClients.create(MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + port))
			.retryWrites(false)
			.applyToClusterSettings((cluster) -> cluster.serverSelectionTimeout(500, TimeUnit.MILLISECONDS))
			.applyToSocketSettings((socket) -> socket.connectTimeout(500, TimeUnit.MILLISECONDS)
				.readTimeout((int) read.toMillis(), TimeUnit.MILLISECONDS))
			.build());
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
