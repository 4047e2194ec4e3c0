package org.caduceus.embeddedmongo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.WriteConcern;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedMongoTests {

	@TempDir
	Path dataDir;

	@Test
	void dataSurvivesARestartOfTheStore() {
		try (EmbeddedMongo mongo = EmbeddedMongo.start(this.dataDir, "127.0.0.1", 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			client.getDatabase("intake")
				.getCollection("incidents")
				.insertOne(new Document("_id", "i-1").append("title", "ransomware at hospital"));
		}
		try (EmbeddedMongo mongo = EmbeddedMongo.start(this.dataDir, "127.0.0.1", 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			Document found = client.getDatabase("intake")
				.getCollection("incidents")
				.find(new Document("_id", "i-1"))
				.first();
			assertThat(found).isNotNull();
			assertThat(found.getString("title")).isEqualTo("ransomware at hospital");
		}
	}

	@Test
	void concurrentWritesShareCommits() throws InterruptedException {
		try (EmbeddedMongo mongo = EmbeddedMongo.start(this.dataDir, "127.0.0.1", 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			MongoCollection<Document> incidents = client.getDatabase("intake").getCollection("incidents");
			incidents.insertOne(new Document("_id", "warm-up"));
			long before = mongo.commits();
			List<Thread> writers = new ArrayList<>();
			for (int w = 0; w < 16; w++) {
				int writer = w;
				writers.add(Thread.ofPlatform().start(() -> {
					for (int i = 0; i < 25; i++) {
						incidents.insertOne(new Document("_id", writer + "-" + i));
					}
				}));
			}
			for (Thread writer : writers) {
				writer.join();
			}
			assertThat(incidents.countDocuments()).isEqualTo(16 * 25 + 1);
			// 400 acknowledged writes, each committed before its answer, in fewer commits
			assertThat(mongo.commits() - before).isPositive().isLessThan(16 * 25);
		}
	}

	@Test
	void aWriteThatAsksNotToWaitForTheJournalIsCommittedSoonAfter() throws InterruptedException {
		try (EmbeddedMongo mongo = EmbeddedMongo.start(this.dataDir, "127.0.0.1", 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			MongoCollection<Document> raw = client.getDatabase("bench")
				.getCollection("raw")
				.withWriteConcern(WriteConcern.ACKNOWLEDGED.withJournal(false));
			long before = mongo.commits();
			raw.insertOne(new Document("_id", "not-waited-for"));
			org.awaitility.Awaitility.await("committed by the store's flush")
				.atMost(java.time.Duration.ofSeconds(10))
				.until(() -> mongo.commits() > before);
		}
	}

	/**
	 * A store file written before this store kept its own formats (documents by Java
	 * serialization, unique indexes in H2's order, secondary indexes ignored) opens with
	 * every document, and its indexes are rebuilt and enforced.
	 */
	@Test
	void aStoreFileWrittenByStockH2Opens() {
		Path file = this.dataDir.resolve("caduceus.mv");
		MongoServer stock = new MongoServer(new H2Backend(file.toString()));
		try (MongoClient client = MongoClients.create(stock.bindAndGetConnectionString())) {
			MongoCollection<Document> incidents = client.getDatabase("intake").getCollection("incidents");
			incidents.createIndex(new Document("ref", 1), new com.mongodb.client.model.IndexOptions().unique(true));
			incidents.createIndex(new Document("status", 1));
			for (int i = 0; i < 300; i++) {
				incidents.insertOne(new Document("_id", "i-" + i).append("ref", "NL-2026-" + i)
					.append("status", (i % 3 == 0) ? "NEW" : "CLOSED"));
			}
		}
		finally {
			stock.shutdownNow();
		}
		try (EmbeddedMongo mongo = EmbeddedMongo.start(this.dataDir, "127.0.0.1", 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			MongoCollection<Document> incidents = client.getDatabase("intake").getCollection("incidents");
			assertThat(incidents.countDocuments()).isEqualTo(300);
			assertThat(incidents.find(new Document("ref", "NL-2026-7")).first()).containsEntry("_id", "i-7");
			assertThat(incidents.find(new Document("status", "NEW")).into(new ArrayList<>())).hasSize(100);
			assertThat(mongo.collection("intake", "incidents").lastPlan()).startsWith("status_1");
			org.assertj.core.api.Assertions
				.assertThatThrownBy(() -> incidents.insertOne(new Document("_id", "i-x").append("ref", "NL-2026-7")))
				.hasMessageContaining("E11000");
			org.assertj.core.api.Assertions.assertThatThrownBy(() -> incidents.insertOne(new Document("_id", "i-7")))
				.hasMessageContaining("E11000");
		}
	}

	@Test
	void aDocumentWithAnEmptyArrayIsFoundThroughACompoundIndex() {
		try (EmbeddedMongo mongo = EmbeddedMongo.start(this.dataDir, "127.0.0.1", 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			MongoCollection<Document> cases = client.getDatabase("intake").getCollection("cases");
			cases.createIndex(new Document("status", 1).append("tags", 1));
			cases.insertOne(new Document("_id", 1).append("status", "open").append("tags", List.of()));
			cases.insertOne(new Document("_id", 2).append("status", "open").append("tags", List.of("a")));
			for (int i = 3; i < 60; i++) {
				cases.insertOne(new Document("_id", i).append("status", "closed").append("tags", List.of("b")));
			}
			assertThat(cases.find(new Document("status", "open")).into(new ArrayList<>())).hasSize(2);
			// an update that keeps the array empty moves its key too
			cases.updateOne(new Document("_id", 1), new Document("$set", new Document("status", "pending")));
			assertThat(cases.find(new Document("status", "open")).into(new ArrayList<>())).hasSize(1);
			assertThat(cases.find(new Document("status", "pending")).into(new ArrayList<>())).hasSize(1);
			assertThat(mongo.collection("intake", "cases").lastPlan()).startsWith("status_1_tags_1");
		}
	}

	@Test
	void uniqueKeysWithArraysInsideDocumentsAreTwoKeys() {
		try (EmbeddedMongo mongo = EmbeddedMongo.start(this.dataDir, "127.0.0.1", 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			MongoCollection<Document> things = client.getDatabase("intake").getCollection("things");
			things.insertOne(new Document("_id", new Document("k", List.of(1, 2))));
			things.insertOne(new Document("_id", new Document("k", List.of(1, 3))));
			assertThat(things.countDocuments()).isEqualTo(2);
			org.assertj.core.api.Assertions
				.assertThatThrownBy(() -> things.insertOne(new Document("_id", new Document("k", List.of(1, 3)))))
				.hasMessageContaining("E11000");
		}
	}

	@Test
	void answersTheHelloHandshakeThatHealthChecksSend() {
		try (EmbeddedMongo mongo = EmbeddedMongo.startInMemory("127.0.0.1", 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			Document hello = client.getDatabase("admin").runCommand(new Document("hello", 1));
			assertThat(hello.get("ok", Number.class).intValue()).isEqualTo(1);
			assertThat(hello.getBoolean("isWritablePrimary")).isTrue();
		}
	}

	@Test
	void eachServiceGetsItsOwnDatabaseInOneStore() {
		try (EmbeddedMongo mongo = EmbeddedMongo.start(this.dataDir, "127.0.0.1", 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			MongoCollection<Document> intake = client.getDatabase("intake").getCollection("things");
			MongoCollection<Document> contacts = client.getDatabase("contacts").getCollection("things");
			intake.insertOne(new Document("_id", 1));
			assertThat(contacts.countDocuments()).isZero();
			assertThat(intake.countDocuments()).isEqualTo(1);
		}
	}

	@Test
	void uniqueIndexesAreEnforced() {
		try (EmbeddedMongo mongo = EmbeddedMongo.startInMemory("127.0.0.1", 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			MongoCollection<Document> refs = client.getDatabase("intake").getCollection("refs");
			refs.createIndex(new Document("ref", 1), new com.mongodb.client.model.IndexOptions().unique(true));
			refs.insertOne(new Document("ref", "NL-2026-000001"));
			org.assertj.core.api.Assertions
				.assertThatThrownBy(() -> refs.insertOne(new Document("ref", "NL-2026-000001")))
				.isInstanceOf(com.mongodb.MongoWriteException.class)
				.hasMessageContaining("E11000");
		}
	}

}
