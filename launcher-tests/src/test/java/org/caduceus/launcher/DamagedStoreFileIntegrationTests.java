package org.caduceus.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ./caduceus up} on a stopped node whose store file was cut after its header (H2
 * alone would open it as an empty store): the store refuses it, and the launcher stops at
 * once with the store's message, which names the file and the backup recorded by
 * {@code ./caduceus backup}, without starting any component of the node's one process.
 * Only the store runs here, briefly, to write a real file.
 */
class DamagedStoreFileIntegrationTests {

	static final String NODE = "damaged-it";

	static final int PORT = 28380;

	static final String PASSPHRASE = "launcher test passphrase, long enough";

	@TempDir
	Path machine;

	/**
	 * The folder of the nodes, with a space in it: the launcher passes the JVM options
	 * ({@code -XX:SharedArchiveFile=<run folder>/store.jsa}) as whole words.
	 */
	Path data() {
		return this.machine.resolve("caduceus data");
	}

	@AfterEach
	void nothingLeftRunning() throws Exception {
		Launcher.run(Map.of("CADUCEUS_DATA", data().toString()), "down", "--node", NODE);
	}

	@Test
	void upOnACutStoreFileStopsAtOnceNamingTheFileAndTheLastBackupAndStartsNothingElse() throws Exception {
		Path nodeDir = data().resolve(NODE);
		Path store = nodeDir.resolve("mongo").resolve("caduceus.mv");
		Files.createDirectories(nodeDir.resolve("keys"));
		Files.writeString(nodeDir.resolve("node.env"), "NODE_PORT=" + PORT + "\nNODE_COUNTRY=NL\n");
		writeARealStoreFile(nodeDir.resolve("mongo"));
		Map<String, String> env = Map.of("CADUCEUS_DATA", data().toString(), "CADUCEUS_BACKUP_PASSPHRASE", PASSPHRASE);
		Path backup = this.machine.resolve("damaged-it before.backup");
		Launcher.Result backedUp = Launcher.run(env, "backup", "--node", NODE, backup.toString());
		assertThat(backedUp.exit()).as(backedUp.output()).isZero();

		byte[] cut = Arrays.copyOf(Files.readAllBytes(store), 8192);
		Files.write(store, cut);
		long started = System.nanoTime();
		Launcher.Result up = Launcher.run(env, "up", "--node", NODE);
		double seconds = (System.nanoTime() - started) / 1e9;

		assertThat(up.exit()).as(up.output()).isNotZero();
		assertThat(up.output()).contains("the store file " + store + " cannot be opened whole: ")
			.contains("(it would open empty)")
			.contains("left the file as it is")
			.contains("the last backup of this node is " + backup + " (made ")
			.contains("restore it with ./caduceus restore --node " + NODE + " '" + backup + "'")
			.contains("nothing else was started")
			.doesNotContain("not healthy after")
			.doesNotContain(" is up at ");
		assertThat(seconds).as("up gives up as soon as the store stops").isLessThan(30);
		assertThat(Launcher.anyProcessOf(NODE)).isFalse();
		try (Stream<Path> pids = Files.list(nodeDir.resolve("run"))) {
			assertThat(pids.map((pid) -> pid.getFileName().toString()).filter((name) -> name.endsWith(".pid")))
				.as("one process, the node's")
				.containsExactly("node.pid");
		}
		// the node opens its store before any component: none of them came up
		assertThat(Files.readString(nodeDir.resolve("logs/node.log"))).contains("cannot be opened whole")
			.doesNotContain("Netty started on port");
		assertThat(Files.readAllBytes(store)).as("the file is left as it was").isEqualTo(cut);
		System.err.printf("[launcher-it] up on a cut store file gave up in %.1f s: %s%n", seconds, up.output().strip());
	}

	/** Runs the store as the launcher does, until it listens, and stops it cleanly. */
	private static void writeARealStoreFile(Path data) throws Exception {
		String java = ProcessHandle.current().info().command().orElse("java");
		Path jar = Launcher.ROOT
			.resolve("shared/embedded-mongo/target/caduceus-embedded-mongo-0.1.0-SNAPSHOT-exec.jar");
		int port = PORT + 4;
		Process store = new ProcessBuilder(java, "-jar", jar.toString(), "--data", data.toString(), "--port",
				Integer.toString(port))
			.redirectErrorStream(true)
			.redirectOutput(data.resolveSibling("first-store.log").toFile())
			.start();
		try {
			await().atMost(Duration.ofSeconds(60)).until(() -> listens(port));
		}
		finally {
			store.destroy();
			assertThat(store.waitFor(30, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(Files.size(data.resolve("caduceus.mv"))).isGreaterThan(8192);
	}

	private static boolean listens(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
