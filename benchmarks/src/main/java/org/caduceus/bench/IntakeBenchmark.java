package org.caduceus.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import com.mongodb.WriteConcern;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import org.bson.Document;
import org.caduceus.identity.Role;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * Intake through the gateway on the embedded store, in one run:
 * <ol>
 * <li>baseline: the same incident documents inserted straight into the same store with
 * the MongoDB driver, at the same concurrency;</li>
 * <li>{@code POST /api/v1/incidents} with three observables each through the
 * gateway;</li>
 * <li>the store filled to {@code total} incidents (driver bulk inserts of documents
 * cloned from one the service wrote);</li>
 * <li>a filtered list page and an observable lookup through the gateway at that
 * size.</li>
 * </ol>
 */
final class IntakeBenchmark {

	private IntakeBenchmark() {
	}

	static void run(NodeUnderTest node, int concurrency, int creates, int total, Duration readPhase) {
		HttpClient client = NodeUnderTest.client(concurrency)
			.baseUrl(node.gatewayUrl())
			.headers((h) -> h.set("Authorization", "Bearer " + node.userToken("bench", Role.ANALYST))
				.set("Content-Type", "application/json"));
		try (MongoClient mongo = MongoClients.create(node.storeUri())) {
			MongoCollection<Document> raw = mongo.getDatabase("bench_raw").getCollection("incidents");
			MongoCollection<Document> incidents = mongo.getDatabase("intake").getCollection("incidents");
			System.out.printf(Locale.ROOT, "intake: %d creates at %d clients, then %d incidents loaded%n", creates,
					concurrency, total);
			// warm-up of both paths, not measured
			LoadRunner.forCount("warm-up", concurrency, Math.min(2000, creates), () -> create(client));
			Document sample = Mono.from(incidents.find().first()).block();
			LoadRunner.forCount("warm-up raw", concurrency, Math.min(2000, creates),
					() -> Mono.from(raw.insertOne(clone(sample, 0))).map((r) -> true));

			// the store answers a write once it is committed to its file; a client that
			// asks
			// for j: false is answered from memory, as MongoDB does: the cost of
			// durability
			MongoCollection<Document> unjournaled = raw.withWriteConcern(WriteConcern.ACKNOWLEDGED.withJournal(false));
			LoadResult fromMemory = GatewayOverheadBenchmark.print(LoadRunner.forCount("raw driver insert, j: false",
					concurrency, creates, () -> Mono.from(unjournaled.insertOne(clone(sample, 0))).map((r) -> true)));
			LoadResult baseline = GatewayOverheadBenchmark.print(LoadRunner.forCount("raw driver insert, durable",
					concurrency, creates, () -> Mono.from(raw.insertOne(clone(sample, 0))).map((r) -> true)));
			System.out.printf(Locale.ROOT,
					"RESULT durable acknowledgements: raw insert %.0f/s against %.0f/s from memory (ratio %.2f), p99 %.1f against %.1f ms%n",
					baseline.perSecond(), fromMemory.perSecond(), baseline.perSecond() / fromMemory.perSecond(),
					baseline.millis(0.99), fromMemory.millis(0.99));
			LoadResult api = GatewayOverheadBenchmark
				.print(LoadRunner.forCount("POST /incidents via gateway", concurrency, creates, () -> create(client)));
			System.out.printf(Locale.ROOT,
					"RESULT create: %.0f/s (goal >= 1000), p99 %.1f ms (goal <= 50), ratio to raw insert %.2f (goal >= 0.5)%n",
					api.perSecond(), api.millis(0.99), api.perSecond() / baseline.perSecond());

			long present = Mono.from(incidents.countDocuments()).block();
			long start = System.nanoTime();
			fill(incidents, sample, total - present);
			System.out.printf(Locale.ROOT, "  loaded %d incidents with the driver in %.1f s%n", total - present,
					(System.nanoTime() - start) / 1e9);

			int readers = Math.min(concurrency, 8);
			LoadResult lookup = GatewayOverheadBenchmark.print(LoadRunner.forDuration("GET /observables/ipv4/..",
					readers, readPhase, () -> get(client, "/api/v1/observables/ipv4/" + randomLoadedIp(total))));
			LoadResult byId = GatewayOverheadBenchmark.print(LoadRunner.forDuration("GET /incidents/by-ref/..", readers,
					readPhase, () -> get(client, "/api/v1/incidents/by-ref/" + sample.getString("ref"))));
			LoadResult list = GatewayOverheadBenchmark
				.print(LoadRunner.forDuration("GET /incidents filtered page", 2, readPhase, () -> get(client,
						"/api/v1/incidents?status=NEW&severity=high&careService=emergency-care&limit=25")));
			// the same two queries straight to the store, as intake sends them: the
			// store's
			// own share of each request
			Document classification = (Document) sample.get("classification");
			Document page = new Document("$and", List.of(
					new Document("$or",
							List.of(new Document("tlp", new Document("$ne", "RED")), new Document("createdBy", "bench"),
									new Document("assignee", "bench"))),
					new Document("status", new Document("$in", List.of("NEW"))),
					new Document("severity", new Document("$in", List.of(sample.get("severity")))), new Document(
							"classification.careServices", ((List<?>) classification.get("careServices")).get(1))));
			LoadResult rawList = GatewayOverheadBenchmark
				.print(LoadRunner.forDuration("store: filtered page query", 2, readPhase,
						() -> Flux
							.from(incidents.find(page)
								.sort(new Document("createdAt", -1).append("_id", -1))
								.limit(26)
								.projection(new Document("journal", 0).append("history", 0)))
							.count()
							.map((found) -> found > 0)));
			LoadResult rawLookup = GatewayOverheadBenchmark.print(
					LoadRunner.forDuration("store: observable query", readers, readPhase,
							() -> Flux
								.from(incidents
									.find(new Document("observables",
											new Document("$elemMatch",
													new Document("value", randomLoadedIp(total)).append("type",
															"IPV4"))))
									.projection(new Document("_id", 1))
									.sort(new Document("createdAt", 1).append("_id", 1)))
								.count()
								.map((found) -> found > 0)));
			System.out.printf(Locale.ROOT,
					"RESULT at %d incidents: observable lookup p99 %.1f ms (goal <= 10), by-ref p99 %.1f ms, filtered list page p99 %.1f ms (goal <= 50)%n",
					present + Math.max(0, total - present), lookup.millis(0.99), byId.millis(0.99), list.millis(0.99));
			System.out.printf(Locale.ROOT,
					"RESULT the store's share at that size: filtered page query p99 %.1f ms, observable query p99 %.1f ms%n",
					rawList.millis(0.99), rawLookup.millis(0.99));
		}
	}

	private static final AtomicLong SEQUENCE = new AtomicLong();

	static Mono<Boolean> create(HttpClient client) {
		long n = SEQUENCE.incrementAndGet();
		String body = String.format(Locale.ROOT,
				"""
						{"title":"Ransomware on imaging workstation %d","description":"Files encrypted on PACS viewer; ransom note found.",
						 "rsitClass":"malicious-code","rsitType":"infected-system","careServices":["diagnostics-imaging","emergency-care"],
						 "tlp":"amber","severity":"high","patientSafetyImpact":"potential","careDisruption":"degraded",
						 "reporter":{"organisation":"Hospital %d","entityType":"healthcare-provider",
						   "contact":{"name":"On-call engineer","email":"oncall%d@hospital.example"},"consentToShare":false},
						 "observables":[{"type":"ipv4","value":"198.51.%d.%d"},{"type":"domain","value":"c2-%d.evil.example"},
						   {"type":"sha256","value":"%064x"}]}""",
				n, n % 200, n, (n / 250) % 250, n % 250, n % 5000, n);
		return client.post()
			.uri("/api/v1/incidents")
			.send(ByteBufFlux.fromString(Mono.just(body), StandardCharsets.UTF_8,
					io.netty.buffer.ByteBufAllocator.DEFAULT))
			.responseSingle((response, content) -> content.asByteArray()
				.defaultIfEmpty(new byte[0])
				.map((bytes) -> response.status().code() == 201));
	}

	private static Mono<Boolean> get(HttpClient client, String uri) {
		return client.get()
			.uri(uri)
			.responseSingle((response, content) -> content.asByteArray()
				.defaultIfEmpty(new byte[0])
				.map((bytes) -> response.status().code() == 200));
	}

	/** Loaded incidents carry IPs 10.x.y.z derived from their number. */
	private static String randomLoadedIp(int total) {
		return ip(ThreadLocalRandom.current().nextInt(Math.max(1, total / 2)));
	}

	private static String ip(long n) {
		return "10." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255);
	}

	static void fill(MongoCollection<Document> incidents, Document sample, long count) {
		int batch = 1000;
		for (long done = 0; done < count; done += batch) {
			List<Document> docs = new ArrayList<>(batch);
			for (long i = done; i < Math.min(count, done + batch); i++) {
				Document doc = clone(sample, i);
				String ip = ip(i);
				doc.put("observables", List.of(new Document("type", "IPV4").append("value", ip)));
				docs.add(doc);
			}
			Mono.from(incidents.insertMany(docs, new InsertManyOptions().ordered(false))).block();
		}
	}

	/**
	 * A copy of a stored incident with a new id and reference; one in 20 is a
	 * filtered-list hit.
	 */
	static Document clone(Document sample, long n) {
		Document doc = new Document(sample);
		doc.put("_id", UUID.randomUUID().toString());
		doc.put("ref", "BN-2099-" + UUID.randomUUID());
		doc.put("title", "Loaded incident " + n);
		doc.put("status", (n % 20 == 0) ? "NEW" : "CLOSED");
		doc.put("createdAt", java.util.Date.from(Instant.now().minusSeconds(n)));
		return doc;
	}

}
