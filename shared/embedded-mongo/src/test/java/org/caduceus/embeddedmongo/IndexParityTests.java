package org.caduceus.embeddedmongo;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.nin;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Filters.regex;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property: a query answers the same through the ordered indexes as by scanning. Random
 * documents of the services' shapes (missing fields, nulls, mixed number types, arrays)
 * go into two collections, one with the services' kinds of index and one without; random
 * queries of the services' shapes (equality, {@code $in}, ranges, {@code $and},
 * {@code $or} of visibility rules and cursors, sort, skip, limit) must give identical
 * results on both: on the first documents, after an index is built over existing data,
 * after random updates and deletes, and after the store is reopened from its file.
 */
class IndexParityTests {

	private static final String[] STATUSES = { "NEW", "TRIAGED", "IN_PROGRESS", "RESOLVED", "CLOSED" };

	private static final String[] TLPS = { "clear", "green", "amber", "amber+strict", "red" };

	private static final String[] SEVERITIES = { "low", "medium", "high", "critical" };

	private static final String[] CLASSES = { "malicious-code", "intrusions", "fraud", "availability" };

	private static final String[] TYPES = { "ransomware", "dos", "phishing" };

	private static final String[] CARE = { "emergency-care", "imaging", "lab", "pharmacy", "records" };

	private static final String[] USERS = { "alice", "bob", "carol" };

	private static final Instant EPOCH = Instant.parse("2026-11-01T00:00:00Z");

	private static final int DOCUMENTS = 1000;

	private static final int QUERIES_PER_PHASE = 150;

	@TempDir
	Path dataDir;

	static Stream<Long> seeds() {
		return Stream.of(7L, 42L, 2026L);
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("seeds")
	void queriesAnswerTheSameWithAndWithoutIndexes(long seed) {
		Random random = new Random(seed);
		List<Document> documents = new ArrayList<>();
		for (int i = 0; i < DOCUMENTS; i++) {
			documents.add(document(random, i));
		}
		try (EmbeddedMongo mongo = EmbeddedMongo.start(this.dataDir, "127.0.0.1", 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			MongoDatabase db = client.getDatabase("parity");
			MongoCollection<Document> indexed = db.getCollection("indexed");
			MongoCollection<Document> plain = db.getCollection("plain");
			indexed.insertMany(documents.subList(0, DOCUMENTS / 2));
			plain.insertMany(documents.subList(0, DOCUMENTS / 2));
			// built over existing documents, then kept as more arrive
			createIndexes(indexed);
			indexed.insertMany(documents.subList(DOCUMENTS / 2, DOCUMENTS));
			plain.insertMany(documents.subList(DOCUMENTS / 2, DOCUMENTS));
			compare(random, indexed, plain, "after inserts");

			for (int i = 0; i < 120; i++) {
				Bson filter = filter(random);
				Bson change = update(random);
				if (random.nextInt(8) == 0) {
					// a few at a time: the later phases need documents to query
					filter = and(eq("classification.rsitType", pick(random, TYPES)),
							range(random, "score", number(random)), filter);
					assertThat(indexed.deleteMany(filter).getDeletedCount()).as("delete %s", filter)
						.isEqualTo(plain.deleteMany(filter).getDeletedCount());
				}
				else {
					assertThat(indexed.updateMany(filter, change).getModifiedCount()).as("update %s", filter)
						.isEqualTo(plain.updateMany(filter, change).getModifiedCount());
				}
			}
			assertThat(all(indexed)).isEqualTo(all(plain)).hasSizeGreaterThan(DOCUMENTS / 4);
			compare(random, indexed, plain, "after updates and deletes");
			assertThat(mongo.collection("parity", "indexed").readThroughPlans()).as("the indexes were used")
				.isPositive();
		}
		try (EmbeddedMongo mongo = EmbeddedMongo.start(this.dataDir, "127.0.0.1", 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			MongoDatabase db = client.getDatabase("parity");
			compare(random, db.getCollection("indexed"), db.getCollection("plain"), "after a restart");
			assertThat(mongo.collection("parity", "indexed").readThroughPlans()).as("the indexes were used")
				.isPositive();
		}
	}

	private static void createIndexes(MongoCollection<Document> collection) {
		collection.createIndex(new Document("createdAt", -1).append("_id", -1), new IndexOptions().name("created"));
		collection.createIndex(new Document("status", 1).append("createdAt", -1),
				new IndexOptions().name("status_created"));
		collection.createIndex(new Document("classification.rsitClass", 1).append("classification.rsitType", 1),
				new IndexOptions().name("rsit"));
		collection.createIndex(new Document("tlp", 1), new IndexOptions().name("tlp"));
		collection.createIndex(new Document("severity", 1), new IndexOptions().name("severity"));
		collection.createIndex(new Document("classification.careServices", 1), new IndexOptions().name("care"));
		collection.createIndex(new Document("assignee", 1), new IndexOptions().name("assignee"));
		collection.createIndex(new Document("significant", 1), new IndexOptions().name("significant"));
		collection.createIndex(new Document("score", 1), new IndexOptions().name("score"));
		collection.createIndex(new Document("tlp", 1).append("score", -1), new IndexOptions().name("tlp_score"));
		// an array field after a plain one: documents with an empty array must stay
		// findable
		collection.createIndex(new Document("assignee", 1).append("classification.careServices", 1),
				new IndexOptions().name("assignee_care"));
	}

	private static void compare(Random random, MongoCollection<Document> indexed, MongoCollection<Document> plain,
			String phase) {
		for (int i = 0; i < QUERIES_PER_PHASE; i++) {
			Bson filter = filter(random);
			Document sort = sort(random);
			if (sort == null) {
				assertThat(byId(indexed.find(filter))).as("%s: %s", phase, filter).isEqualTo(byId(plain.find(filter)));
			}
			else {
				int skip = random.nextInt(3) == 0 ? random.nextInt(12) : 0;
				int limit = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(60);
				assertThat(page(indexed.find(filter), sort, skip, limit))
					.as("%s: %s sort %s skip %d limit %d", phase, filter.toBsonDocument(), sort, skip, limit)
					.isEqualTo(page(plain.find(filter), sort, skip, limit));
			}
			assertThat(indexed.countDocuments(filter)).as("%s: count %s", phase, filter)
				.isEqualTo(plain.countDocuments(filter));
		}
	}

	private static List<Document> page(FindIterable<Document> found, Document sort, int skip, int limit) {
		return found.sort(sort).skip(skip).limit(limit).into(new ArrayList<>());
	}

	private static List<Document> byId(FindIterable<Document> found) {
		List<Document> documents = found.into(new ArrayList<>());
		documents.sort(Comparator.comparing(d -> d.getString("_id")));
		return documents;
	}

	private static List<Document> all(MongoCollection<Document> collection) {
		return byId(collection.find());
	}

	private static Document document(Random random, int i) {
		Document document = new Document("_id", String.format("d-%05d", i));
		maybe(random, document, "status", pick(random, STATUSES));
		document.put("createdAt", EPOCH.plusSeconds(random.nextInt(400)));
		maybe(random, document, "tlp", pick(random, TLPS));
		maybe(random, document, "severity", random.nextInt(12) == 0 ? random.nextInt(4) : pick(random, SEVERITIES));
		Document classification = new Document("rsitClass", pick(random, CLASSES));
		maybe(random, classification, "rsitType", pick(random, TYPES));
		if (random.nextInt(10) == 0) {
			classification.put("careServices", pick(random, CARE));
		}
		else {
			List<String> care = new ArrayList<>();
			for (int c = random.nextInt(4); c > 0; c--) {
				String service = pick(random, CARE);
				if (!care.contains(service)) {
					care.add(service);
				}
			}
			classification.put("careServices", care);
		}
		document.put("classification", classification);
		maybe(random, document, "assignee", pick(random, USERS));
		maybe(random, document, "createdBy", pick(random, USERS));
		maybe(random, document, "significant", random.nextBoolean());
		maybe(random, document, "score", number(random));
		return document;
	}

	/** Usually the value; sometimes the field is left out, sometimes it holds null. */
	private static void maybe(Random random, Document document, String field, Object value) {
		int roll = random.nextInt(20);
		if (roll == 0) {
			document.put(field, null);
		}
		else if (roll > 1) {
			document.put(field, value);
		}
	}

	private static Object number(Random random) {
		int value = random.nextInt(50);
		return switch (random.nextInt(3)) {
			case 0 -> value;
			case 1 -> (long) value;
			default -> value + 0.5 * random.nextInt(2);
		};
	}

	private static Bson filter(Random random) {
		List<Bson> parts = new ArrayList<>();
		for (int i = random.nextInt(4); i > 0; i--) {
			parts.add(predicate(random));
		}
		if (parts.isEmpty()) {
			return new Document();
		}
		return parts.size() == 1 && random.nextBoolean() ? parts.get(0) : and(parts);
	}

	private static Bson predicate(Random random) {
		return switch (random.nextInt(19)) {
			case 0 -> eq("status", random.nextInt(8) == 0 ? null : pick(random, STATUSES));
			case 1 -> in("status", values(random, STATUSES));
			case 2 -> in("tlp", values(random, TLPS));
			case 3 -> eq("classification.rsitClass", pick(random, CLASSES));
			case 4 -> and(eq("classification.rsitClass", pick(random, CLASSES)),
					eq("classification.rsitType", pick(random, TYPES)));
			case 5 -> eq("classification.careServices", pick(random, CARE));
			case 6 -> in("severity", values(random, SEVERITIES));
			case 7 -> range(random, "createdAt", EPOCH.plusSeconds(random.nextInt(400)));
			case 8 -> range(random, "score", number(random));
			case 9 -> or(ne("tlp", "red"), eq("createdBy", pick(random, USERS)), eq("assignee", pick(random, USERS)));
			case 10 -> cursor(random);
			case 11 -> eq("significant", random.nextBoolean());
			case 12 -> nin("status", (Object[]) values(random, STATUSES));
			case 13 -> exists("assignee", random.nextBoolean());
			case 14 -> or(eq("severity", pick(random, SEVERITIES)), in("tlp", values(random, TLPS)));
			case 15 -> eq("_id", anId(random));
			case 16 -> in("_id", anId(random), anId(random), anId(random));
			case 17 -> and(eq("_id", anId(random)), eq("status", pick(random, STATUSES)));
			default -> regex("assignee", "^" + pick(random, USERS).substring(0, 1));
		};
	}

	private static Bson range(Random random, String field, Object value) {
		return switch (random.nextInt(5)) {
			case 0 -> gt(field, value);
			case 1 -> gte(field, value);
			case 2 -> lt(field, value);
			case 3 -> lte(field, value);
			default -> and(gte(field, value), lt(field, value instanceof Instant instant
					? instant.plusSeconds(random.nextInt(120)) : ((Number) value).doubleValue() + random.nextInt(10)));
		};
	}

	/** The page-after-a-cursor shape of the services' lists. */
	private static Bson cursor(Random random) {
		Instant at = EPOCH.plusSeconds(random.nextInt(400));
		String id = anId(random);
		return random.nextBoolean() ? or(lt("createdAt", at), and(eq("createdAt", at), lt("_id", id)))
				: or(gt("createdAt", at), and(eq("createdAt", at), gt("_id", id)));
	}

	private static String anId(Random random) {
		return String.format("d-%05d", random.nextInt(DOCUMENTS + 20));
	}

	private static Object[] values(Random random, String[] from) {
		Object[] values = new Object[random.nextInt(4)];
		for (int i = 0; i < values.length; i++) {
			values[i] = pick(random, from);
		}
		return values;
	}

	private static Document sort(Random random) {
		int direction = random.nextBoolean() ? 1 : -1;
		return switch (random.nextInt(7)) {
			case 0 -> null;
			case 1, 2 -> new Document("createdAt", direction).append("_id", direction);
			case 3 -> new Document("score", direction).append("_id", direction);
			case 4 -> new Document("status", 1).append("createdAt", -1).append("_id", -1);
			case 5 -> new Document("severity", direction).append("createdAt", -direction).append("_id", direction);
			default -> new Document("_id", direction);
		};
	}

	private static Bson update(Random random) {
		return switch (random.nextInt(5)) {
			case 0 -> new Document("$set", new Document("status", pick(random, STATUSES)));
			case 1 -> new Document("$set", new Document("createdAt", EPOCH.plusSeconds(random.nextInt(400))));
			case 2 -> new Document("$unset", new Document("assignee", ""));
			case 3 -> new Document("$set", new Document("classification.careServices", List.of(pick(random, CARE))));
			default -> new Document("$set", new Document("score", number(random)).append("tlp", pick(random, TLPS)));
		};
	}

	private static String pick(Random random, String[] from) {
		return from[random.nextInt(from.length)];
	}

}
