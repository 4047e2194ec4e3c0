package org.caduceus.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import org.bson.Document;
import org.caduceus.identity.Role;
import org.caduceus.stix.IncidentExport;
import org.caduceus.stix.IncidentFacts;
import org.caduceus.taxonomy.Tlp;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The partner API (the partner-api service, reached through the gateway as partners reach
 * it) on the embedded store, each figure beside a raw-store baseline measured in the same
 * run:
 * <ol>
 * <li>a TAXII page of 1,000 objects from a collection of {@code total} (default 100k),
 * read by a partner CERT with its API key, against reading the same records (the segments
 * a page needs) straight through the MongoDB driver;</li>
 * <li>import of a 10,000-object STIX bundle ({@code POST /api/v1/stix/bundles}), first
 * creating its incidents and then again updating them, against inserting the same objects
 * with the driver;</li>
 * <li>the same 10,000 objects pushed to a TAXII collection ({@code POST objects}).</li>
 * </ol>
 */
final class PartnerApiBenchmark {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String TAXII = "application/taxii+json;version=2.1";

	static final String OBJECTS = "/taxii2/api/collections/health-sector-green/objects/";

	private PartnerApiBenchmark() {
	}

	static void run(NodeUnderTest node, int total, Duration readPhase) {
		HttpClient admin = NodeUnderTest.client(1)
			.baseUrl(node.gatewayUrl())
			.headers((h) -> h.set("Authorization", "Bearer " + node.userToken("root", Role.ADMIN)));
		String key = issueKey(admin);
		HttpClient partner = NodeUnderTest.client(2)
			.baseUrl(node.gatewayUrl())
			.headers((h) -> h
				.set("Authorization",
						"Basic " + Base64.getEncoder()
							.encodeToString(("cert-bench:" + key).getBytes(StandardCharsets.UTF_8)))
				.set("Accept", TAXII));
		HttpClient coordinator = NodeUnderTest.client(1)
			.responseTimeout(Duration.ofMinutes(5))
			.baseUrl(node.gatewayUrl())
			.headers((h) -> h.set("Authorization", "Bearer " + node.userToken("carol", Role.COORDINATOR))
				.set("Accept", TAXII));
		try (MongoClient mongo = MongoClients.create(node.storeUri())) {
			System.out.printf(Locale.ROOT, "partner-api: TAXII pages from %d objects, then a 10,000-object import%n",
					total);
			// the partner API's own database
			taxiiPages(coordinator, partner, mongo.getDatabase("partner-api"), total, readPhase);
			List<ObjectNode> bundle = bundleObjects(10_000, "a");
			MongoCollection<Document> raw = mongo.getDatabase("bench_raw").getCollection("stix_objects");
			importBundle(node, bundle, raw);
			pushEnvelope(coordinator, bundleObjects(10_000, "b"), raw);
		}
	}

	private static void taxiiPages(HttpClient coordinator, HttpClient partner, MongoDatabase partnerApi, int total,
			Duration readPhase) {
		MongoCollection<Document> segments = partnerApi.getCollection("taxii_segments");
		MongoCollection<Document> versions = partnerApi.getCollection("taxii_versions");
		// one object written by the service, whose segment and entry are cloned with the
		// driver
		ObjectNode seed = bundleObjects(20, "seed").get(5);
		post(coordinator, OBJECTS, TAXII, envelope(List.of(seed)), 202);
		Document first = Mono.from(segments.find(Filters.eq("_id", "health-sector-green|000000000000")).first())
			.block();
		Document record = first.getList("records", Document.class).get(0);
		Document entrySample = Mono.from(versions.find().first()).block();
		long start = System.nanoTime();
		long base = first.getLong("lastAdded");
		int perSegment = 250;
		long loaded = 0;
		for (long seq = 1; loaded < total - 1; seq++) {
			List<Document> records = new ArrayList<>();
			List<Document> entries = new ArrayList<>();
			for (int i = 0; i < perSegment && loaded < total - 1; i++, loaded++) {
				String id = "indicator--"
						+ UUID.nameUUIDFromBytes(("bench-" + loaded).getBytes(StandardCharsets.UTF_8));
				long added = base + 1 + loaded;
				Document copy = new Document(record);
				copy.put("objectId", id);
				copy.put("added", added);
				copy.put("json", record.getString("json").replace(seed.get("id").asString(), id));
				records.add(copy);
				Document entry = new Document(entrySample.getList("versions", Document.class).get(0));
				entry.put("added", added);
				entry.put("seq", seq);
				entries.add(new Document("_id", "health-sector-green|" + id).append("versions", List.of(entry)));
			}
			Mono.from(
					segments.insertOne(new Document("_id", String.format(Locale.ROOT, "health-sector-green|%012d", seq))
						.append("collection", "health-sector-green")
						.append("seq", seq)
						.append("firstAdded", records.get(0).getLong("added"))
						.append("lastAdded", records.get(records.size() - 1).getLong("added"))
						.append("count", records.size())
						.append("records", records)))
				.block();
			Mono.from(versions.insertMany(entries, new InsertManyOptions().ordered(false))).block();
		}
		System.out.printf(Locale.ROOT, "  loaded %d TAXII objects with the driver in %.1f s%n", loaded,
				(System.nanoTime() - start) / 1e9);
		long last = base + total;
		// warm-up, not measured
		LoadRunner.forCount("warm-up", 1, 20, () -> page(partner, base, last));
		LoadResult raw = GatewayOverheadBenchmark.print(LoadRunner.forDuration("raw driver reads of a page", 1,
				readPhase, () -> rawPage(segments, base, last, perSegment)));
		LoadResult taxii = GatewayOverheadBenchmark.print(
				LoadRunner.forDuration("TAXII GET objects limit=1000", 1, readPhase, () -> page(partner, base, last)));
		System.out.printf(Locale.ROOT,
				"RESULT TAXII page of 1000 from %d: p50 %.1f ms, p99 %.1f ms (goal <= 200); raw store reads of the same records p99 %.1f ms; ratio p99 %.2f%n",
				total, taxii.millis(0.5), taxii.millis(0.99), raw.millis(0.99), taxii.millis(0.99) / raw.millis(0.99));
	}

	/**
	 * A page from a random place in the collection, as a partner catching up would ask.
	 */
	private static Mono<Boolean> page(HttpClient partner, long first, long last) {
		long after = first + ThreadLocalRandom.current().nextLong(Math.max(1, last - first - 1000));
		String added = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
			.withZone(java.time.ZoneOffset.UTC)
			.format(Instant.ofEpochSecond(after / 1_000_000, (after % 1_000_000) * 1000));
		return partner.get()
			.uri(OBJECTS + "?limit=1000&added_after=" + added)
			.responseSingle((response, content) -> content.asString()
				.defaultIfEmpty("")
				.map((body) -> response.status().code() == 200 && body.startsWith("{\"more\":true")));
	}

	/**
	 * What a page of 1,000 reads from the store, straight through the driver: the five
	 * segments that hold it, by id.
	 */
	private static Mono<Boolean> rawPage(MongoCollection<Document> segments, long first, long last, int perSegment) {
		long offset = ThreadLocalRandom.current().nextLong(Math.max(1, last - first - 1000));
		long firstSeq = 1 + offset / perSegment;
		List<String> ids = new ArrayList<>();
		for (long seq = firstSeq; seq < firstSeq + 5; seq++) {
			ids.add(String.format(Locale.ROOT, "health-sector-green|%012d", seq));
		}
		return Flux.from(segments.find(Filters.in("_id", ids)))
			.map((segment) -> segment.getList("records", Document.class).size())
			.reduce(0, Integer::sum)
			.map((count) -> count >= 1000);
	}

	private static void importBundle(NodeUnderTest node, List<ObjectNode> objects, MongoCollection<Document> raw) {
		ObjectNode bundle = JSON.createObjectNode();
		bundle.put("type", "bundle");
		bundle.put("id", "bundle--" + UUID.randomUUID());
		ArrayNode list = bundle.putArray("objects");
		objects.forEach(list::add);
		String body = bundle.toString();
		double rawSeconds = rawInsert(raw, objects);
		HttpClient analyst = NodeUnderTest.client(1)
			.responseTimeout(Duration.ofMinutes(5))
			.baseUrl(node.gatewayUrl())
			.headers((h) -> h.set("Authorization", "Bearer " + node.userToken("alice", Role.ANALYST)));
		long start = System.nanoTime();
		JsonNode report = JSON.readTree(post(analyst, "/api/v1/stix/bundles", "application/stix+json", body, 201));
		double created = (System.nanoTime() - start) / 1e9;
		start = System.nanoTime();
		JsonNode again = JSON.readTree(post(analyst, "/api/v1/stix/bundles", "application/stix+json", body, 201));
		double updated = (System.nanoTime() - start) / 1e9;
		System.out.printf(Locale.ROOT,
				"  STIX import of %d objects (%d incidents, %.1f MB): created in %.2f s, re-imported (updated) in %.2f s; raw insert %.2f s%n",
				objects.size(), report.get("incidents").size(), body.length() / 1e6, created, updated, rawSeconds);
		if (!again.get("incidents").get(0).get("outcome").asString().equals("updated")) {
			throw new IllegalStateException("the re-import did not update");
		}
		System.out.printf(Locale.ROOT,
				"RESULT STIX import: %.0f objects/s creating, %.0f objects/s updating (goal >= 2000); raw insert %.0f objects/s; ratio %.2f%n",
				objects.size() / created, objects.size() / updated, objects.size() / rawSeconds, rawSeconds / created);
	}

	private static void pushEnvelope(HttpClient coordinator, List<ObjectNode> objects, MongoCollection<Document> raw) {
		double rawSeconds = rawInsert(raw, objects);
		long start = System.nanoTime();
		JsonNode status = JSON.readTree(post(coordinator, OBJECTS, TAXII, envelope(objects), 202));
		double seconds = (System.nanoTime() - start) / 1e9;
		System.out.printf(Locale.ROOT,
				"RESULT TAXII POST objects: %d objects in %.2f s, %.0f objects/s; raw insert %.0f objects/s; ratio %.2f%n",
				status.get("total_count").asInt(), seconds, objects.size() / seconds, objects.size() / rawSeconds,
				rawSeconds / seconds);
	}

	private static double rawInsert(MongoCollection<Document> raw, List<ObjectNode> objects) {
		List<Document> docs = new ArrayList<>();
		objects.forEach((object) -> docs
			.add(new Document("_id", UUID.randomUUID().toString()).append("objectId", object.get("id").asString())
				.append("type", object.get("type").asString())
				.append("json", object.toString())));
		long start = System.nanoTime();
		for (int i = 0; i < docs.size(); i += 1000) {
			Mono.from(raw.insertMany(docs.subList(i, Math.min(docs.size(), i + 1000)))).block();
		}
		return (System.nanoTime() - start) / 1e9;
	}

	/**
	 * About {@code count} distinct objects: exported incidents of three observables each,
	 * sharing one identity, extension definition and marking.
	 */
	static List<ObjectNode> bundleObjects(int count, String run) {
		Map<String, ObjectNode> objects = new LinkedHashMap<>();
		IncidentExport export = new IncidentExport("bench", "Bench CERT");
		for (int n = 0; objects.size() < count; n++) {
			String unique = run + "-" + n;
			IncidentFacts facts = new IncidentFacts(unique, "NL-2026-" + String.format(Locale.ROOT, "%06d", n),
					"Ransomware wave " + unique, "Encrypted PACS shares", Instant.parse("2026-11-20T08:00:00Z"),
					Instant.parse("2026-11-20T09:00:00Z"), Tlp.GREEN, "AMBER", "malicious-code", "infected-system",
					List.of("diagnostics-imaging"), "high", "potential", "degraded",
					List.of(new IncidentFacts.Observable("ipv4",
							"10." + (n / 65536 % 256) + "." + (n / 256 % 256) + "." + (n % 256)),
							new IncidentFacts.Observable("domain", "c2-" + unique + ".example"),
							new IncidentFacts.Observable("sha256", String.format(Locale.ROOT, "%064x", n + 1))));
			export.bundle(facts)
				.get("objects")
				.forEach((object) -> objects.putIfAbsent(object.get("id").asString(), (ObjectNode) object));
		}
		return new ArrayList<>(objects.values()).subList(0, count);
	}

	private static String envelope(List<ObjectNode> objects) {
		ObjectNode envelope = JSON.createObjectNode();
		ArrayNode list = envelope.putArray("objects");
		objects.forEach(list::add);
		return envelope.toString();
	}

	private static String issueKey(HttpClient admin) {
		String answer = post(admin, "/api/v1/admin/api-keys", "application/json",
				"{\"partner\":\"cert-bench\",\"collections\":[\"health-sector-green\"],\"validDays\":1}", 201);
		return JSON.readTree(answer).get("key").asString();
	}

	private static String post(HttpClient client, String uri, String contentType, String body, int expected) {
		return client.headers((h) -> h.set("Content-Type", contentType))
			.post()
			.uri(uri)
			.send(ByteBufFlux.fromString(Mono.just(body), StandardCharsets.UTF_8,
					io.netty.buffer.ByteBufAllocator.DEFAULT))
			.responseSingle((response, content) -> content.asString().defaultIfEmpty("").map((text) -> {
				if (response.status().code() != expected) {
					throw new IllegalStateException(uri + " answered " + response.status().code() + ": "
							+ text.substring(0, Math.min(500, text.length())));
				}
				return text;
			}))
			.block(Duration.ofMinutes(5));
	}

}
