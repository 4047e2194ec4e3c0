package org.caduceus.testsupport;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@RequiresRealMongo
class RealMongoOnlyTests {

	@Test
	void runsOnlyAgainstARealReplicaSet() {
		try (MongoClient client = MongoClients.create(TestStore.get().uri())) {
			Document hello = client.getDatabase("admin").runCommand(new Document("hello", 1));
			assertThat(hello.getString("setName")).isNotBlank();
		}
	}

}
