package org.caduceus.testsupport;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TestStoreTests {

	@Test
	void choosesOneStorePerRunAndItAnswers() {
		TestStore store = TestStore.get();
		assertThat(TestStore.get()).isSameAs(store);
		if (!TestStore.dockerAvailable() && System.getenv("CADUCEUS_TEST_MONGODB_URI") == null) {
			assertThat(store.kind()).isEqualTo(TestStore.Kind.EMBEDDED);
		}
		try (MongoClient client = MongoClients.create(store.uri())) {
			Document ping = client.getDatabase("admin").runCommand(new Document("ping", 1));
			assertThat(ping.get("ok", Number.class).intValue()).isEqualTo(1);
		}
	}

}
