package org.caduceus.intake.incident;

import org.bson.Document;
import org.caduceus.testsupport.RequiresRealMongo;
import org.caduceus.testsupport.ServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a real MongoDB the filtered lists and the observable lookup must be answered from
 * the indexes created at start-up, as the embedded store answers them (its own tests show
 * which index it walks: {@code IndexedQueryTests}). This runs only where a real MongoDB
 * is available (Docker, or CADUCEUS_TEST_MONGODB_URI).
 */
@ServiceTest
@RequiresRealMongo
class IncidentIndexesRealMongoIntegrationTests {

	@Autowired
	ReactiveMongoTemplate mongo;

	@Test
	void filteredAndSortedListsUseAnIndex() {
		assertThat(plan(new Document("status", "NEW"), new Document("createdAt", -1))).contains("IXSCAN");
		assertThat(plan(new Document("classification.rsitClass", "malicious-code"), new Document("createdAt", -1)))
			.contains("IXSCAN");
		assertThat(plan(new Document("ref", "NL-2026-000001"), new Document())).contains("IXSCAN");
		Document carrying = new Document("observables",
				new Document("$elemMatch", new Document("value", "203.0.113.9").append("type", "IPV4")));
		assertThat(plan(carrying, new Document("createdAt", 1).append("_id", 1))).contains("IXSCAN")
			.contains("observable");
	}

	private String plan(Document filter, Document sort) {
		return this.mongo.getCollection(IncidentStore.COLLECTION)
			.flatMap((collection) -> Mono.from(collection.find(filter).sort(sort).limit(26).explain(Document.class)))
			.map(Document::toJson)
			.block();
	}

}
