package org.caduceus.backup;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;

/**
 * Asks a running embedded store for a copy of its file at one commit point (its admin
 * command {@code caduceusSnapshot}).
 */
final class StoreSnapshotClient {

	/**
	 * The copy, beside the store file; {@code writesHeldMillis}: how long writes waited.
	 */
	record Snapshot(Path file, long bytes, double writesHeldMillis) {
	}

	private StoreSnapshotClient() {
	}

	static Snapshot take(String uri) {
		MongoClientSettings settings = MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(uri))
			.applyToClusterSettings((cluster) -> cluster.serverSelectionTimeout(5, TimeUnit.SECONDS))
			.applyToSocketSettings((socket) -> socket.connectTimeout(5, TimeUnit.SECONDS))
			.build();
		try (MongoClient client = MongoClients.create(settings)) {
			Document answer = client.getDatabase("admin").runCommand(new Document("caduceusSnapshot", 1));
			return new Snapshot(Path.of(answer.getString("file")), ((Number) answer.get("bytes")).longValue(),
					((Number) answer.get("writesHeldMillis")).doubleValue());
		}
		catch (MongoException ex) {
			throw new BackupRefused("the running store at " + uri + " did not copy its file: " + ex.getMessage(), ex);
		}
	}

}
