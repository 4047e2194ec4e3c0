package org.caduceus.embeddedmongo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store runs as its own process, as {@code ./caduceus up} runs it; eight clients
 * write to it (inserts, and counters raised by findAndModify); at a random moment the
 * process is killed with SIGKILL and started again on the same file. Every write a client
 * was answered for must be there, and the file must open, every time.
 */
class StoreCrashTests {

	private static final int ROUNDS = 6;

	private static final int WRITERS = 8;

	@TempDir
	Path dataDir;

	@Test
	void noAcknowledgedWriteIsLostWhenTheStoreProcessIsKilled() throws Exception {
		Random random = new Random();
		Set<String> acknowledged = ConcurrentHashMap.newKeySet();
		Map<String, Integer> counters = new ConcurrentHashMap<>();
		int written = 0;
		for (int round = 0; round < ROUNDS; round++) {
			int port = freePort();
			Process store = start(port, round);
			try (MongoClient client = client(port)) {
				MongoCollection<Document> incidents = client.getDatabase("intake").getCollection("incidents");
				assertThat(incidents.countDocuments()).as("round %d: the file opened with every earlier write", round)
					.isGreaterThanOrEqualTo(acknowledged.size());
				assertEverythingAcknowledgedIsThere(client, acknowledged, counters, round);

				AtomicBoolean stop = new AtomicBoolean();
				// the kill comes after a random number of acknowledged writes, with more
				// in flight
				CountDownLatch killAt = new CountDownLatch(100 + random.nextInt(400));
				List<Thread> writers = new ArrayList<>();
				for (int w = 0; w < WRITERS; w++) {
					String writer = "r" + round + "w" + w;
					writers.add(Thread.ofPlatform()
						.start(() -> write(client, writer, stop, acknowledged, counters, killAt)));
				}
				assertThat(killAt.await(60, TimeUnit.SECONDS)).as("round %d: writes were acknowledged", round).isTrue();
				// kill -9: no shutdown hook runs, nothing is flushed on the way out
				store.destroyForcibly();
				store.waitFor(10, TimeUnit.SECONDS);
				stop.set(true);
				for (Thread writer : writers) {
					writer.join(Duration.ofSeconds(30));
				}
			}
			finally {
				store.destroyForcibly();
			}
			written = acknowledged.size();
		}
		assertThat(written).as("writes were acknowledged while the store was being killed").isGreaterThan(ROUNDS * 50);
		int port = freePort();
		Process store = start(port, ROUNDS);
		try (MongoClient client = client(port)) {
			assertEverythingAcknowledgedIsThere(client, acknowledged, counters, ROUNDS);
		}
		finally {
			store.destroy();
			store.waitFor(10, TimeUnit.SECONDS);
		}
	}

	private static void write(MongoClient client, String writer, AtomicBoolean stop, Set<String> acknowledged,
			Map<String, Integer> counters, CountDownLatch acknowledgedSoFar) {
		MongoCollection<Document> incidents = client.getDatabase("intake").getCollection("incidents");
		MongoCollection<Document> refs = client.getDatabase("intake").getCollection("refs");
		for (int n = 0; !stop.get(); n++) {
			String id = writer + "-" + n;
			try {
				if (n % 4 == 3) {
					Document raised = refs.findOneAndUpdate(Filters.eq("_id", writer), Updates.inc("next", 1),
							new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
					counters.merge(writer, raised.getInteger("next"), Math::max);
					acknowledgedSoFar.countDown();
				}
				else {
					incidents.insertOne(new Document("_id", id).append("title", "filed by " + writer)
						.append("createdAt", Instant.now()));
					acknowledged.add(id);
					acknowledgedSoFar.countDown();
				}
			}
			catch (RuntimeException ex) {
				// the store is gone: this write was not acknowledged, and may or may not
				// be there
				return;
			}
		}
	}

	private static void assertEverythingAcknowledgedIsThere(MongoClient client, Set<String> acknowledged,
			Map<String, Integer> counters, int round) {
		MongoCollection<Document> incidents = client.getDatabase("intake").getCollection("incidents");
		Set<String> found = ConcurrentHashMap.newKeySet();
		incidents.find().projection(new Document("_id", 1)).forEach(d -> found.add(d.getString("_id")));
		assertThat(found).as("round %d: acknowledged inserts", round).containsAll(acknowledged);
		MongoCollection<Document> refs = client.getDatabase("intake").getCollection("refs");
		for (Map.Entry<String, Integer> counter : counters.entrySet()) {
			Document stored = refs.find(Filters.eq("_id", counter.getKey())).first();
			assertThat(stored).as("round %d: counter %s", round, counter.getKey()).isNotNull();
			assertThat(stored.getInteger("next")).as("round %d: counter %s", round, counter.getKey())
				.isGreaterThanOrEqualTo(counter.getValue());
		}
	}

	private Process start(int port, int round) throws IOException {
		return StoreProcess.start(this.dataDir.resolve("mongo"), port, this.dataDir.resolve("store-" + round + ".log"));
	}

	private static MongoClient client(int port) {
		return StoreProcess.client(port, Duration.ofSeconds(5));
	}

	private static int freePort() throws IOException {
		return StoreProcess.freePort();
	}

}
