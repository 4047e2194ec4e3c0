package org.caduceus.embeddedmongo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code caduceusSnapshot} while four clients write: the copy opens as a store of its own
 * and holds every write acknowledged before the command, nothing that was never written,
 * and each document with its index entries (no half of a write).
 */
class StoreSnapshotTests {

	private static final int WRITERS = 4;

	@TempDir
	Path dir;

	@Test
	void aSnapshotTakenUnderWritesHoldsEveryEarlierWriteAndOnlyWholeOnes() throws Exception {
		Path live = this.dir.resolve("live");
		Set<String> acknowledged = ConcurrentHashMap.newKeySet();
		Set<String> attempted = ConcurrentHashMap.newKeySet();
		Set<String> acknowledgedBefore;
		Document answer;
		try (EmbeddedMongo mongo = EmbeddedMongo.start(live, "127.0.0.1", 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			MongoCollection<Document> incidents = client.getDatabase("intake").getCollection("incidents");
			incidents.createIndex(Indexes.ascending("ref"), new IndexOptions().unique(true));
			incidents.createIndex(Indexes.ascending("writer", "n"));
			AtomicBoolean stop = new AtomicBoolean();
			CountDownLatch started = new CountDownLatch(200);
			List<Thread> writers = new ArrayList<>();
			for (int w = 0; w < WRITERS; w++) {
				String writer = "w" + w;
				writers.add(Thread.ofPlatform().start(() -> {
					for (int n = 0; !stop.get(); n++) {
						String ref = writer + "-" + n;
						attempted.add(ref);
						incidents.insertOne(new Document("ref", ref).append("writer", writer).append("n", n));
						acknowledged.add(ref);
						started.countDown();
					}
				}));
			}
			assertThat(started.await(60, TimeUnit.SECONDS)).as("writes were acknowledged").isTrue();
			acknowledgedBefore = Set.copyOf(acknowledged);
			answer = client.getDatabase("admin").runCommand(new Document(StoreSnapshot.COMMAND, 1));
			int afterSnapshot = acknowledged.size();
			org.awaitility.Awaitility.await("writes go on after the snapshot")
				.atMost(java.time.Duration.ofSeconds(30))
				.until(() -> acknowledged.size() > afterSnapshot + 50);
			stop.set(true);
			for (Thread writer : writers) {
				writer.join();
			}
			assertThatThrownBy(() -> client.getDatabase("intake").runCommand(new Document(StoreSnapshot.COMMAND, 1)))
				.isInstanceOf(MongoCommandException.class)
				.hasMessageContaining("admin database");
		}
		Path snapshot = Path.of(answer.getString("file"));
		assertThat(snapshot.getParent()).isEqualTo(live.toAbsolutePath());
		assertThat(Files.size(snapshot)).isEqualTo(answer.getLong("bytes"));
		assertThat(Files.getPosixFilePermissions(snapshot))
			.containsExactlyInAnyOrderElementsOf(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
		assertThat(answer.getDouble("writesHeldMillis")).isPositive();

		Path restored = this.dir.resolve("restored");
		Files.createDirectories(restored);
		Files.copy(snapshot, restored.resolve("caduceus.mv"));
		try (EmbeddedMongo mongo = EmbeddedMongo.start(restored, "127.0.0.1", 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			MongoCollection<Document> incidents = client.getDatabase("intake").getCollection("incidents");
			Set<String> found = new HashSet<>();
			incidents.find().forEach((d) -> found.add(d.getString("ref")));
			assertThat(found).as("every write acknowledged before the snapshot").containsAll(acknowledgedBefore);
			assertThat(attempted).as("nothing that was never written").containsAll(found);
			assertThat(found).as("writes went on meanwhile: the snapshot is a point in time")
				.hasSizeLessThan(acknowledged.size());
			assertThat(incidents.countDocuments()).isEqualTo(found.size());
			for (String ref : found) {
				String writer = ref.substring(0, ref.indexOf('-'));
				int n = Integer.parseInt(ref.substring(ref.indexOf('-') + 1));
				assertThat(incidents.find(Filters.eq("ref", ref)).first()).as("unique index entry of %s", ref)
					.isNotNull();
				assertThat(incidents.find(Filters.and(Filters.eq("writer", writer), Filters.eq("n", n))).first())
					.as("ordered index entry of %s", ref)
					.isNotNull();
			}
		}
		// a copy the backup tool did not remove is removed when the store starts again
		EmbeddedMongo.start(live, "127.0.0.1", 0).close();
		assertThat(snapshot).doesNotExist();
	}

	@Test
	void oneSnapshotAtATimeAnotherIsRefusedWhileACopyIsOnDisk() throws Exception {
		Path live = this.dir.resolve("one");
		try (EmbeddedMongo mongo = EmbeddedMongo.start(live, "127.0.0.1", 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			MongoCollection<Document> incidents = client.getDatabase("intake").getCollection("incidents");
			incidents.insertOne(new Document("ref", "a"));
			Document first = client.getDatabase("admin").runCommand(new Document(StoreSnapshot.COMMAND, 1));
			Path copy = Path.of(first.getString("file"));
			for (int i = 0; i < 3; i++) {
				assertThatThrownBy(() -> client.getDatabase("admin").runCommand(new Document(StoreSnapshot.COMMAND, 1)))
					.isInstanceOfSatisfying(MongoCommandException.class,
							(ex) -> assertThat(ex.getErrorCode()).isEqualTo(117))
					.hasMessageContaining("a snapshot copy " + copy + " is already on disk")
					.hasMessageContaining("one snapshot at a time");
			}
			try (var files = Files.list(live)) {
				assertThat(files.filter((f) -> f.getFileName().toString().startsWith("snapshot-"))).as("no new copy")
					.containsExactly(copy);
			}
			incidents.insertOne(new Document("ref", "b"));
			Files.delete(copy);
			Document next = client.getDatabase("admin").runCommand(new Document(StoreSnapshot.COMMAND, 1));
			assertThat(Path.of(next.getString("file"))).exists().isNotEqualTo(copy);
		}
	}

}
