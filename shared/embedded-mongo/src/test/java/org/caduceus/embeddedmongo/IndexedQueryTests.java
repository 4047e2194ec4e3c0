package org.caduceus.embeddedmongo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.or;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queries the services send, at 20,000 documents with the indexes the services
 * create: a page of 50 reads about 50 documents, whatever page it is, and a due-date
 * query walks only what is due.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndexedQueryTests {

	private static final int INCIDENTS = 20_000;

	private static final String[] STATUSES = { "NEW", "TRIAGED", "IN_PROGRESS", "RESOLVED", "CLOSED" };

	private static final String[] SEVERITIES = { "low", "medium", "high", "critical" };

	private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	private EmbeddedMongo mongo;

	private MongoClient client;

	private MongoCollection<Document> incidents;

	@BeforeAll
	void fileIncidents() {
		this.mongo = EmbeddedMongo.startInMemory("127.0.0.1", 0);
		this.client = MongoClients.create(this.mongo.connectionString());
		this.incidents = this.client.getDatabase("intake").getCollection("incidents");
		// the indexes of intake's IncidentStore
		this.incidents.createIndex(new Document("createdAt", -1).append("_id", -1), new IndexOptions().name("created"));
		this.incidents.createIndex(new Document("status", 1).append("createdAt", -1),
				new IndexOptions().name("status_created"));
		this.incidents.createIndex(new Document("tlp", 1), new IndexOptions().name("tlp"));
		this.incidents.createIndex(new Document("severity", 1), new IndexOptions().name("severity"));
		this.incidents.createIndex(new Document("assignee", 1), new IndexOptions().name("assignee"));
		this.incidents.createIndex(new Document("nextAttemptAt", 1), new IndexOptions().name("due"));
		List<Document> batch = new ArrayList<>();
		for (int i = 0; i < INCIDENTS; i++) {
			batch.add(new Document("_id", String.format("inc-%06d", i)).append("status", STATUSES[i % 5])
				.append("severity", SEVERITIES[i % 4])
				.append("tlp", (i % 10 == 0) ? "red" : "amber")
				.append("assignee", "analyst-" + (i % 40))
				.append("createdBy", "analyst-" + (i % 37))
				.append("createdAt", START.plusSeconds(60L * i))
				// delivered long ago (null) but for the last 30, which are due
				.append("nextAttemptAt", (i >= INCIDENTS - 30) ? START.plusSeconds(i) : null));
			if (batch.size() == 1000) {
				this.incidents.insertMany(batch);
				batch = new ArrayList<>();
			}
		}
	}

	@AfterAll
	void stop() {
		this.client.close();
		this.mongo.close();
	}

	@Test
	void theFirstPageOfTheListReadsAboutAPage() {
		List<Document> page = page(visibleToAnAnalyst());
		assertThat(page).hasSize(51);
		assertThat(page.get(0).getString("_id")).isEqualTo("inc-019999");
		assertRead("created (ordered)", 60);
	}

	@Test
	void aDeepCursorPageReadsAboutAPage() {
		Instant at = START.plusSeconds(60L * 5_000);
		Bson after = or(lt("createdAt", at), and(eq("createdAt", at), lt("_id", "inc-005000")));
		List<Document> page = page(and(visibleToAnAnalyst(), after));
		assertThat(page).hasSize(51);
		assertThat(page.get(0).getString("_id")).isEqualTo("inc-004999");
		assertRead("created (ordered)", 60);
	}

	@Test
	void aStatusFilterWalksItsStatusInOrder() {
		List<Document> page = page(and(visibleToAnAnalyst(), in("status", "NEW", "TRIAGED")));
		assertThat(page).hasSize(51).allMatch(d -> List.of("NEW", "TRIAGED").contains(d.getString("status")));
		assertThat(page.get(0).getString("_id")).isEqualTo("inc-019996");
		// TLP:RED is one in ten, and half of the NEW ones: a few more reads than the page
		assertRead("status_created (ordered)", 80);
	}

	@Test
	void aFilterWithoutItsOwnOrderStillReadsLittle() {
		List<Document> page = page(and(visibleToAnAnalyst(), eq("severity", "critical")));
		assertThat(page).hasSize(51).allMatch(d -> d.getString("severity").equals("critical"));
		// one in four is critical: the ordered walk reads about four documents per match
		assertRead("created (ordered)", 4 * 60);
	}

	@Test
	void aSelectiveFilterReadsOnlyItsOwnDocuments() {
		this.readBefore = collection().readThroughPlans();
		List<Document> found = this.incidents.find(eq("assignee", "analyst-7"))
			.sort(new Document("createdAt", -1).append("_id", -1))
			.into(new ArrayList<>());
		assertThat(found).hasSize(INCIDENTS / 40);
		assertRead("assignee", INCIDENTS / 40);
	}

	@Test
	void theDueQueryWalksOnlyWhatIsDue() {
		long before = collection().readThroughPlans();
		List<Document> due = this.incidents.find(lte("nextAttemptAt", START.plusSeconds(INCIDENTS)))
			.sort(new Document("nextAttemptAt", 1))
			.limit(100)
			.into(new ArrayList<>());
		assertThat(due).hasSize(30);
		assertThat(collection().lastPlan()).isEqualTo("due (ordered)");
		assertThat(collection().readThroughPlans() - before).isEqualTo(30);
	}

	@Test
	void anOptimisticUpdateReadsOneDocument() {
		long before = collection().readThroughPlans();
		this.incidents.updateOne(and(eq("_id", "inc-000123"), eq("status", "IN_PROGRESS")),
				new Document("$set", new Document("assignee", "analyst-0")));
		assertThat(collection().lastPlan()).isEqualTo("_id");
		assertThat(collection().readThroughPlans() - before).isEqualTo(1);
	}

	@Test
	void aRangeBeyondTheDataReadsNothing() {
		long before = collection().readThroughPlans();
		assertThat(this.incidents.countDocuments(gt("createdAt", START.plusSeconds(60L * INCIDENTS)))).isZero();
		assertThat(this.incidents.find(gt("createdAt", START.plusSeconds(60L * INCIDENTS))).first()).isNull();
		assertThat(collection().readThroughPlans() - before).isZero();
	}

	/**
	 * Intake's visibility rule for an analyst: no TLP:RED they neither filed nor hold.
	 */
	private static Bson visibleToAnAnalyst() {
		return or(ne("tlp", "red"), eq("createdBy", "analyst-1"), eq("assignee", "analyst-1"));
	}

	private List<Document> page(Bson filter) {
		this.readBefore = collection().readThroughPlans();
		return this.incidents.find(filter)
			.sort(new Document("createdAt", -1).append("_id", -1))
			.limit(51)
			.projection(new Document("journal", 0))
			.into(new ArrayList<>());
	}

	private long readBefore;

	private void assertRead(String plan, int atMost) {
		assertThat(collection().lastPlan()).isEqualTo(plan);
		assertThat(collection().readThroughPlans() - this.readBefore).isLessThanOrEqualTo(atMost);
	}

	private IndexedCollection collection() {
		return this.mongo.collection("intake", "incidents");
	}

}
