package org.caduceus.embeddedmongo;

import java.nio.file.Path;

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
