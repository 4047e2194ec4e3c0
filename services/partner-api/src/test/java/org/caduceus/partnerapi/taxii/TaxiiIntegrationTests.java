package org.caduceus.partnerapi.taxii;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.caduceus.identity.InternalIdentity;
import org.caduceus.identity.Role;
import org.caduceus.stix.IncidentExport;
import org.caduceus.stix.IncidentFacts;
import org.caduceus.taxonomy.Tlp;
import org.caduceus.testsupport.ServiceTest;
import org.caduceus.testsupport.TestIdentity;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The TAXII 2.1 server and the partner API keys, the whole service, called as the gateway
 * calls it (see the gateway's TaxiiRoutingIntegrationTests for what the gateway checks
 * first): a coordinator publishes, a partner CERT pulls with its key and pushes, a
 * partner node whose signature the gateway verified reads; TLP per collection and every
 * bad input is refused in the TAXII error format with nothing stored.
 */
@ServiceTest
class TaxiiIntegrationTests {

	/** This node: what its coordinators publish is created by its identity. */
	static final String NODE = TestIdentity.NODE;

	static final String PEER = "de-peer";

	static final String TAXII = "application/taxii+json;version=2.1";

	static final String ROOT = "/taxii2/api/";

	static final String GREEN = ROOT + "collections/health-sector-green/";

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String KEY_CALLER = "key:";

	/** Where the gateway said the caller reached it. */
	static final String PUBLIC_URL = "https://nl.caduceus.example";

	static final Path keys = tempDir();

	/** The gateway's peer directory, as its internal API lists it. */
	static final FakeGateway gateway = new FakeGateway(PEER);

	@Autowired
	WebTestClient web;

	@Autowired
	ReactiveMongoTemplate mongo;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		registry.add("spring.mongodb.database", () -> "taxii-tests");
		registry.add("caduceus.gateway-url", gateway::url);
		registry.add("caduceus.service-key.private", () -> keys.resolve("service-partner-api.key.pem").toString());
		registry.add("caduceus.service-key.public", () -> keys.resolve("service-partner-api.pub.pem").toString());
		// a change made elsewhere (another replica, the gateway's peers) is seen this
		// soon
		registry.add("caduceus.taxii.refresh", () -> "200ms");
		registry.add("caduceus.taxii.max-content-length", () -> "300000");
		registry.add("caduceus.taxii.rate-per-second", () -> "5");
		registry.add("caduceus.taxii.rate-burst", () -> "150");
	}

	@AfterAll
	static void stopGateway() {
		gateway.close();
	}

	@BeforeEach
	void clean() {
		for (String collection : List.of("api_keys", "taxii_segments", "taxii_versions", "taxii_status")) {
			this.mongo.remove(new Query(), collection).block();
		}
		// the peer directory is read from the gateway with this service's own key
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(gateway.lastAuthorization()).startsWith("Bearer "));
	}

	// --- discovery and access -------------------------------------------------------

	@Test
	void discoveryApiRootAndCollectionsSpeakTaxii21() {
		JsonNode discovery = ok(get("/taxii2/", user("alice", Role.ANALYST)));
		assertThat(discovery.get("api_roots").get(0).asString()).isEqualTo("https://nl.caduceus.example" + ROOT);
		assertThat(discovery.get("default").asString()).isEqualTo("https://nl.caduceus.example" + ROOT);
		JsonNode root = ok(get(ROOT, user("alice", Role.ANALYST)));
		assertThat(root.get("versions").get(0).asString()).isEqualTo(TAXII);
		assertThat(root.get("max_content_length").asInt()).isEqualTo(300000);
		JsonNode collections = ok(get(ROOT + "collections/", user("alice", Role.ANALYST)));
		// one collection for the sector, one per partner (keys issued by other tests may
		// add theirs)
		assertThat(collections.get("collections").valueStream().map((c) -> c.get("alias").asString()))
			.startsWith("health-sector-green")
			.contains("partner-de-peer-amber");
		JsonNode green = collections.get("collections").get(0);
		assertThat(green.get("id").asString()).matches("[0-9a-f-]{36}");
		assertThat(green.get("can_read").asBoolean()).isTrue();
		assertThat(green.get("can_write").asBoolean()).isFalse();
		assertThat(green.get("media_types").get(0).asString()).isEqualTo("application/stix+json;version=2.1");
		// the collection answers to its id as well as to its alias
		ok(get(ROOT + "collections/" + green.get("id").asString() + "/", user("alice", Role.ANALYST)));
	}

	@Test
	void everyRequestNeedsCredentialsAndTheTaxiiMediaType() {
		// without the gateway's identity nothing opens (the gateway answers such a caller
		// in the TAXII format before it gets here)
		this.web.get().uri(ROOT).header("Accept", TAXII).exchange().expectStatus().isUnauthorized();
		assertThat(taxiiError(this.web.get()
			.uri(ROOT)
			.header("Accept", "application/json")
			.header("Authorization", user("alice", Role.ANALYST))
			.exchange(), 406).get("description").asString()).contains(TAXII);
		taxiiError(this.web.get()
			.uri(ROOT)
			.header("Accept", "application/taxii+json;version=2.0")
			.header("Authorization", user("alice", Role.ANALYST))
			.exchange(), 406);
		taxiiError(this.web.post()
			.uri(GREEN + "objects/")
			.header("Accept", TAXII)
			.header("Authorization", user("carol", Role.COORDINATOR))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(envelope(bundleObjects(Tlp.GREEN, "a")))
			.exchange(), 415);
		taxiiError(get(ROOT + "collections/partner-nobody-amber/", user("alice", Role.ANALYST)), 404);
		assertThat(storedCount()).isZero();
	}

	// --- API keys --------------------------------------------------------------------

	@Test
	void anAdminIssuesAKeyShownOnceStoredHashedScopedExpiringAndRevocable() {
		JsonNode issued = issueKey("cert-be", List.of("health-sector-green"), false, null);
		String key = issued.get("key").asString();
		String id = issued.get("apiKey").get("id").asString();
		assertThat(key).startsWith("cdk_" + id + "_");
		assertThat(issued.get("apiKey").get("state").asString()).isEqualTo("active");
		assertThat(Duration.between(Instant.now(), Instant.parse(issued.get("apiKey").get("expiresAt").asString())))
			.isBetween(Duration.ofDays(89), Duration.ofDays(90));
		Document stored = this.mongo.findById(id, Document.class, "api_keys").block();
		assertThat(stored.toJson()).doesNotContain(key.substring(key.lastIndexOf('_') + 1));
		assertThat(stored.getString("hash")).hasSize(64);
		String listed = this.web.get()
			.uri("/api/v1/admin/api-keys")
			.header("Authorization", user("root", Role.ADMIN))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(listed).contains(id).doesNotContain(key).doesNotContain(stored.getString("hash"));

		ok(get(ROOT + "collections/", basic("cert-be", key)));
		// the last use is written in the background, at most once a minute
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(JSON
				.readTree(this.web.get()
					.uri("/api/v1/admin/api-keys/" + id)
					.header("Authorization", user("root", Role.ADMIN))
					.exchange()
					.expectStatus()
					.isOk()
					.expectBody(String.class)
					.returnResult()
					.getResponseBody())
				.get("lastUsedAt")
				.isNull()).isFalse());

		this.web.delete()
			.uri("/api/v1/admin/api-keys/" + id)
			.header("Authorization", user("root", Role.ADMIN))
			.exchange()
			.expectStatus()
			.isNoContent();
		assertThat(taxiiError(get(ROOT, basic("cert-be", key)), 401).get("description").asString()).contains("revoked");
		assertThat(taxiiError(get(ROOT, basic("cert-be", key + "x")), 401).get("description").asString())
			.isEqualTo("unknown API key");
		assertThat(taxiiError(get(ROOT, basic("cert-be", "cdk_0000_nothing")), 401).get("description").asString())
			.isEqualTo("unknown API key");
	}

	@Test
	void anExpiredKeyIsRefused() {
		JsonNode issued = issueKey("cert-fr", List.of("health-sector-green"), false, 1);
		String id = issued.get("apiKey").get("id").asString();
		this.mongo.updateFirst(Query.query(Criteria.where("_id").is(id)),
				org.springframework.data.mongodb.core.query.Update.update("expiresAt", Instant.now().minusSeconds(1)),
				"api_keys")
			.block();
		// a key change made elsewhere is seen within the refresh
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(
					taxiiError(get(ROOT, basic("cert-fr", issued.get("key").asString())), 401).get("description")
						.asString())
				.contains("expired"));
	}

	@Test
	void keysAreScopedToTheSectorAndThePartnersOwnAmberCollectionOnly() {
		this.web.post()
			.uri("/api/v1/admin/api-keys")
			.header("Authorization", user("root", Role.ADMIN))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("partner", "cert-be", "collections", List.of("partner-de-peer-amber")))
			.exchange()
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("named partner only"));
		this.web.post()
			.uri("/api/v1/admin/api-keys")
			.header("Authorization", user("root", Role.ADMIN))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("partner", "cert-be", "collections", List.of("everything")))
			.exchange()
			.expectStatus()
			.isEqualTo(422);
		this.web.post()
			.uri("/api/v1/admin/api-keys")
			.header("Authorization", user("root", Role.ADMIN))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("partner", "cert-be", "collections", List.of("health-sector-green"), "validDays", 400))
			.exchange()
			.expectStatus()
			.isEqualTo(422);
		this.web.post()
			.uri("/api/v1/admin/api-keys")
			.header("Authorization", user("alice", Role.COORDINATOR))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("partner", "cert-be", "collections", List.of("health-sector-green")))
			.exchange()
			.expectStatus()
			.isForbidden();
		assertThat(this.mongo.count(new Query(), "api_keys").block()).isZero();

		String greenOnly = issueKey("cert-be", List.of("health-sector-green"), false, null).get("key").asString();
		JsonNode seen = ok(get(ROOT + "collections/", basic("cert-be", greenOnly)));
		assertThat(seen.get("collections").valueStream().map((c) -> c.get("alias").asString()))
			.containsExactly("health-sector-green");
		// a collection the key does not open answers as one that does not exist
		taxiiError(get(ROOT + "collections/partner-de-peer-amber/objects/", basic("cert-be", greenOnly)), 404);
		taxiiError(get(ROOT + "collections/partner-cert-be-amber/objects/", basic("cert-be", greenOnly)), 404);
	}

	// --- publishing and paging -------------------------------------------------------

	@Test
	void aCoordinatorPublishesAndAPartnerPagesThroughEverythingOnce() {
		List<ObjectNode> objects = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			objects.addAll(bundleObjects(Tlp.GREEN, "page-" + i));
		}
		JsonNode status = accepted(post(GREEN + "objects/", user("carol", Role.COORDINATOR), envelope(objects)));
		assertThat(status.get("status").asString()).isEqualTo("complete");
		assertThat(status.get("total_count").asInt()).isEqualTo(objects.size());
		Set<String> distinct = new HashSet<>();
		objects.forEach((object) -> distinct.add(object.get("id").asString()));
		// shared objects (identity, marking, extension) are stored once
		assertThat(status.get("successes").valueStream().filter((success) -> success.has("message")).count())
			.isEqualTo(objects.size() - distinct.size());
		ok(get(ROOT + "status/" + status.get("id").asString() + "/", user("carol", Role.COORDINATOR)));
		taxiiError(get(ROOT + "status/" + status.get("id").asString() + "/", user("alice", Role.ANALYST)), 404);

		String key = issueKey("cert-be", List.of("health-sector-green"), false, null).get("key").asString();
		List<String> seen = new ArrayList<>();
		String next = null;
		int pages = 0;
		do {
			JsonNode page = ok(
					get(GREEN + "objects/?limit=5" + ((next != null) ? "&next=" + next : ""), basic("cert-be", key)));
			page.get("objects").forEach((object) -> seen.add(object.get("id").asString()));
			next = page.get("more").asBoolean() ? page.get("next").asString() : null;
			pages++;
		}
		while (next != null);
		assertThat(seen).hasSize(distinct.size()).doesNotHaveDuplicates();
		assertThat(new HashSet<>(seen)).isEqualTo(distinct);
		assertThat(pages).isEqualTo((distinct.size() + 4) / 5);

		JsonNode indicators = ok(get(GREEN + "objects/?match[type]=indicator,ipv4-addr", basic("cert-be", key)));
		assertThat(indicators.get("objects").valueStream().map((o) -> o.get("type").asString()).distinct())
			.containsExactlyInAnyOrder("indicator", "ipv4-addr");
		String oneId = indicators.get("objects").get(0).get("id").asString();
		JsonNode byId = ok(get(GREEN + "objects/?match[id]=" + oneId, basic("cert-be", key)));
		assertThat(byId.get("objects")).hasSize(1);
		assertThat(ok(get(GREEN + "objects/" + oneId + "/", basic("cert-be", key))).get("objects")
			.get(0)
			.get("id")
			.asString()).isEqualTo(oneId);
		taxiiError(get(GREEN + "objects/indicator--00000000-0000-4000-8000-000000000000/", basic("cert-be", key)), 404);

		WebTestClient.ResponseSpec manifest = get(GREEN + "manifest/?limit=3", basic("cert-be", key));
		String last = manifest.expectHeader()
			.exists("X-TAXII-Date-Added-Last")
			.returnResult(String.class)
			.getResponseHeaders()
			.getFirst("X-TAXII-Date-Added-Last");
		JsonNode entries = ok(get(GREEN + "manifest/?limit=3", basic("cert-be", key)));
		assertThat(entries.get("objects")).hasSize(3);
		assertThat(entries.get("objects").get(0).get("media_type").asString())
			.isEqualTo("application/stix+json;version=2.1");
		JsonNode after = ok(get(GREEN + "objects/?added_after=" + last, basic("cert-be", key)));
		assertThat(after.get("objects")).hasSize(distinct.size() - 3);
	}

	@Test
	void pagesRunAcrossSegmentsInTheOrderObjectsWereAdded() {
		Set<String> distinct = new HashSet<>();
		for (int round = 0; round < 4; round++) {
			List<ObjectNode> objects = new ArrayList<>();
			for (int i = 0; objects.size() < 200; i++) {
				objects.addAll(bundleObjects(Tlp.GREEN, "segment-" + round + "-" + i));
			}
			objects.forEach((object) -> distinct.add(object.get("id").asString()));
			accepted(post(GREEN + "objects/", user("carol", Role.COORDINATOR), envelope(objects)));
		}
		assertThat(distinct.size()).isGreaterThan(2 * 250);
		List<String> seen = new ArrayList<>();
		List<String> added = new ArrayList<>();
		String next = null;
		do {
			JsonNode page = ok(get(GREEN + "manifest/?limit=97" + ((next != null) ? "&next=" + next : ""),
					user("alice", Role.ANALYST)));
			page.get("objects").forEach((entry) -> {
				seen.add(entry.get("id").asString());
				added.add(entry.get("date_added").asString());
			});
			next = page.get("more").asBoolean() ? page.get("next").asString() : null;
		}
		while (next != null);
		assertThat(seen).doesNotHaveDuplicates();
		assertThat(new HashSet<>(seen)).isEqualTo(distinct);
		assertThat(added).isSortedAccordingTo(java.util.Comparator.naturalOrder());
		// a filter that matches few objects reads on through every segment
		JsonNode identities = ok(get(GREEN + "objects/?match[type]=identity", user("alice", Role.ANALYST)));
		assertThat(identities.get("objects")).hasSize(1);
		assertThat(identities.get("more").asBoolean()).isFalse();
		JsonNode tail = ok(
				get(GREEN + "objects/?added_after=" + added.get(added.size() - 11), user("alice", Role.ANALYST)));
		assertThat(tail.get("objects")).hasSize(10);
	}

	@Test
	void aNewerVersionReplacesTheOldInDefaultReadsAndAllVersionsStayReachable() {
		ObjectNode incident = find(bundleObjects(Tlp.GREEN, "versions"), "incident");
		accepted(post(GREEN + "objects/", user("carol", Role.COORDINATOR), envelope(List.of(incident))));
		ObjectNode newer = incident.deepCopy();
		newer.put("modified", "2099-01-01T00:00:00.000Z");
		newer.put("name", "Renamed");
		accepted(post(GREEN + "objects/", user("carol", Role.COORDINATOR), envelope(List.of(newer))));
		String id = incident.get("id").asString();
		JsonNode latest = ok(get(GREEN + "objects/" + id + "/", user("alice", Role.ANALYST)));
		assertThat(latest.get("objects")).hasSize(1);
		assertThat(latest.get("objects").get(0).get("name").asString()).isEqualTo("Renamed");
		assertThat(
				ok(get(GREEN + "objects/" + id + "/?match[version]=all", user("alice", Role.ANALYST))).get("objects"))
			.hasSize(2);
		assertThat(
				ok(get(GREEN + "objects/" + id + "/?match[version]=first", user("alice", Role.ANALYST))).get("objects")
					.get(0)
					.get("modified")
					.asString())
			.isEqualTo(incident.get("modified").asString());
		assertThat(ok(get(GREEN + "objects/" + id + "/versions/", user("alice", Role.ANALYST))).get("versions"))
			.hasSize(2);
		// a version older than all, arriving last: the newest stays, the oldest changes
		ObjectNode older = incident.deepCopy();
		older.put("created", "2020-01-01T00:00:00.000Z");
		older.put("modified", "2020-01-01T00:00:00.000Z");
		older.put("name", "Original");
		accepted(post(GREEN + "objects/", user("carol", Role.COORDINATOR), envelope(List.of(older))));
		assertThat(ok(get(GREEN + "objects/?match[id]=" + id, user("alice", Role.ANALYST))).get("objects")
			.get(0)
			.get("name")
			.asString()).isEqualTo("Renamed");
		assertThat(ok(get(GREEN + "objects/?match[id]=" + id + "&match[version]=first", user("alice", Role.ANALYST)))
			.get("objects")
			.get(0)
			.get("name")
			.asString()).isEqualTo("Original");
		assertThat(
				ok(get(GREEN + "objects/?match[version]=first,last&match[type]=incident", user("alice", Role.ANALYST)))
					.get("objects"))
			.hasSize(2);
		// re-sending a version that is there changes nothing
		JsonNode again = accepted(post(GREEN + "objects/", user("carol", Role.COORDINATOR), envelope(List.of(newer))));
		assertThat(again.get("successes").get(0).get("message").asString()).isEqualTo("already present");
		assertThat(ok(get(GREEN + "objects/" + id + "/versions/", user("alice", Role.ANALYST))).get("versions"))
			.hasSize(3);
	}

	// --- TLP per partner -------------------------------------------------------------

	@Test
	void tlpIsEnforcedPerCollectionAndNothingOfARefusedEnvelopeIsStored() {
		JsonNode amberInGreen = taxiiError(
				post(GREEN + "objects/", user("carol", Role.COORDINATOR), envelope(bundleObjects(Tlp.AMBER, "amber"))),
				422);
		assertThat(amberInGreen.get("error_code").asString()).isEqualTo("tlp-not-allowed");
		String amber = ROOT + "collections/partner-de-peer-amber/objects/";
		assertThat(
				taxiiError(post(amber, user("carol", Role.COORDINATOR), envelope(bundleObjects(Tlp.RED, "red"))), 422)
					.get("description")
					.asString())
			.contains("TLP:RED");
		assertThat(taxiiError(
				post(amber, user("carol", Role.COORDINATOR), envelope(bundleObjects(Tlp.AMBER_STRICT, "strict"))), 422)
			.get("error_code")
			.asString()).isEqualTo("tlp-not-allowed");
		ObjectNode unmarked = find(bundleObjects(Tlp.GREEN, "unmarked"), "indicator");
		unmarked.remove("object_marking_refs");
		assertThat(
				taxiiError(post(GREEN + "objects/", user("carol", Role.COORDINATOR), envelope(List.of(unmarked))), 422)
					.get("error_code")
					.asString())
			.isEqualTo("tlp-missing");
		assertThat(storedCount()).isZero();

		accepted(post(amber, user("carol", Role.COORDINATOR), envelope(bundleObjects(Tlp.AMBER, "for-peer"))));
		// the partner node (its signature verified by the gateway) reads its AMBER
		// collection; a key partner may not
		JsonNode signed = ok(get(amber, node(PEER)));
		assertThat(signed.get("objects").valueStream().anyMatch((o) -> o.get("type").asString().equals("incident")))
			.isTrue();
		String key = issueKey("cert-be", List.of("health-sector-green", "partner-cert-be-amber"), true, null).get("key")
			.asString();
		taxiiError(get(amber, basic("cert-be", key)), 404);
		taxiiError(post(amber, basic("cert-be", key), envelope(bundleObjects(Tlp.AMBER, "push", "cert-be"))), 404);
		// a partner pushes what it created to its own AMBER collection
		accepted(post(ROOT + "collections/partner-cert-be-amber/objects/", basic("cert-be", key),
				envelope(bundleObjects(Tlp.AMBER, "pushed", "cert-be"))));
	}

	@Test
	void eachCallerHasItsOwnRateLimit() throws Exception {
		String key = issueKey("cert-rate", List.of("health-sector-green"), false, null).get("key").asString();
		// burst 150, refilled at 5/s: 600 requests from 16 clients at once drain it
		// however slow one request is on a loaded machine
		java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(16);
		List<java.util.concurrent.Future<org.springframework.test.web.reactive.server.EntityExchangeResult<String>>> sent = new java.util.ArrayList<>();
		try {
			for (int i = 0; i < 600; i++) {
				sent.add(clients
					.submit(() -> get(ROOT, basic("cert-rate", key)).expectBody(String.class).returnResult()));
			}
		}
		finally {
			clients.shutdown();
		}
		org.springframework.test.web.reactive.server.EntityExchangeResult<String> limited = null;
		for (var result : sent) {
			var answer = result.get();
			if (limited == null && answer.getStatus().value() == 429) {
				limited = answer;
			}
		}
		assertThat(limited).isNotNull();
		assertThat(limited.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
		assertThat(limited.getResponseHeaders().getContentType()).hasToString(TAXII);
		JsonNode error = JSON.readTree(limited.getResponseBody());
		assertThat(error.get("error_code").asString()).isEqualTo("rate-limited");
		assertThat(error.get("http_status").asString()).isEqualTo("429");
		// another caller is not held back
		ok(get(ROOT, user("alice", Role.ANALYST)));
	}

	// --- bad input ---------------------------------------------------------------------

	@Test
	void eachBadInputGetsAPreciseTaxiiErrorAndStoresNothing() {
		String reader = user("alice", Role.ANALYST);
		assertThat(taxiiError(get(GREEN + "objects/?added_after=yesterday", reader), 400).get("title").asString())
			.contains("added_after");
		taxiiError(get(GREEN + "objects/?limit=0", reader), 400);
		taxiiError(get(GREEN + "objects/?limit=ten", reader), 400);
		taxiiError(get(GREEN + "objects/?next=garbage", reader), 400);
		taxiiError(get(GREEN + "objects/?match[version]=newest", reader), 400);

		String writer = user("carol", Role.COORDINATOR);
		List<ObjectNode> schema = bundleObjects(Tlp.GREEN, "schema");
		find(schema, "indicator").remove("pattern_type");
		assertThat(taxiiError(post(GREEN + "objects/", writer, envelope(schema)), 422).get("details")
			.get("pointer")
			.asString()).matches("/objects/\\d+");
		List<ObjectNode> version = bundleObjects(Tlp.GREEN, "version");
		find(version, "incident").put("spec_version", "2.0");
		assertThat(taxiiError(post(GREEN + "objects/", writer, envelope(version)), 422).get("details")
			.get("pointer")
			.asString()).endsWith("/spec_version");
		List<ObjectNode> pattern = bundleObjects(Tlp.GREEN, "pattern");
		find(pattern, "indicator").put("pattern", "[ipv4-addr:value = '192.0.2.1' AND]");
		assertThat(taxiiError(post(GREEN + "objects/", writer, envelope(pattern)), 422).get("details")
			.get("pointer")
			.asString()).endsWith("/pattern");
		List<ObjectNode> large = bundleObjects(Tlp.GREEN, "large");
		find(large, "incident").put("description", "x".repeat(140_000));
		assertThat(taxiiError(post(GREEN + "objects/", writer, envelope(large)), 422).get("description").asString())
			.contains("over the limit");
		List<ObjectNode> huge = bundleObjects(Tlp.GREEN, "huge");
		for (int i = 0; i < 3; i++) {
			ObjectNode note = find(bundleObjects(Tlp.GREEN, "huge-" + i), "incident");
			note.put("description", "x".repeat(120_000));
			huge.add(note);
		}
		taxiiError(post(GREEN + "objects/", writer, envelope(huge)), 413);
		taxiiError(post(GREEN + "objects/", writer, "{\"objects\": ["), 400);
		taxiiError(post(GREEN + "objects/", writer, "{\"objects\": []}"), 422);
		taxiiError(post(GREEN + "objects/", user("alice", Role.ANALYST), envelope(bundleObjects(Tlp.GREEN, "ro"))),
				403);
		String readOnly = issueKey("cert-be", List.of("health-sector-green"), false, null).get("key").asString();
		taxiiError(post(GREEN + "objects/", basic("cert-be", readOnly), envelope(bundleObjects(Tlp.GREEN, "ro"))), 403);
		assertThat(storedCount()).isZero();
		assertThat(this.mongo.count(new Query(), "taxii_status").block()).isZero();
	}

	// --- provenance, ownership, hiding, roles, work before authentication (issue 14) ---

	@Test
	void aPartnersAmberGoesBackToThatPartnerOnlyAndNeverToAnother() {
		// an incident linked from cert-be, exported here: it names cert-be as its origin
		List<ObjectNode> fromBe = bundleObjects(Tlp.AMBER, "linked-from-be", NODE, "cert-be");
		String peerAmber = ROOT + "collections/partner-de-peer-amber/objects/";
		JsonNode refused = taxiiError(post(peerAmber, user("carol", Role.COORDINATOR), envelope(fromBe)), 422);
		assertThat(refused.get("error_code").asString()).isEqualTo("origin-elsewhere");
		assertThat(refused.get("description").asString()).contains("cert-be").contains("partner-de-peer-amber");
		assertThat(refused.get("details").get("pointer").asString()).matches("/objects/\\d+/extensions");
		// the indicators alone carry the origin too
		List<ObjectNode> indicatorsOnly = fromBe.stream()
			.filter((object) -> object.get("type").asString().equals("indicator"))
			.toList();
		taxiiError(post(peerAmber, user("carol", Role.COORDINATOR), envelope(indicatorsOnly)), 422);
		assertThat(storedCount()).isZero();
		assertThat(this.mongo.count(new Query(), "taxii_status").block()).isZero();
		// what it shared as GREEN goes to the sector; what came from de-peer goes back to
		// de-peer
		accepted(post(GREEN + "objects/", user("carol", Role.COORDINATOR),
				envelope(bundleObjects(Tlp.GREEN, "green-from-be", NODE, "cert-be"))));
		accepted(post(peerAmber, user("carol", Role.COORDINATOR),
				envelope(bundleObjects(Tlp.AMBER, "linked-from-peer", NODE, PEER))));
		String peerIncident = find(bundleObjects(Tlp.AMBER, "linked-from-peer", NODE, PEER), "incident").get("id")
			.asString();
		assertThat(ok(get(peerAmber + peerIncident + "/", node(PEER))).get("objects").get(0).toString())
			.contains("\"origin_partner\":\"de-peer\"");
	}

	@Test
	void onlyAnObjectsAuthorAddsVersionsOfItAndEachCallerSendsOnlyWhatItCreated() {
		ObjectNode indicator = find(bundleObjects(Tlp.GREEN, "owned"), "indicator");
		String id = indicator.get("id").asString();
		accepted(post(GREEN + "objects/", user("carol", Role.COORDINATOR), envelope(List.of(indicator))));
		// a partner node sends the same id, a second later, with another pattern
		ObjectNode hijack = indicator.deepCopy();
		assertThat(indicator.get("modified").asString()).isEqualTo("2026-11-20T09:00:00.000Z");
		hijack.put("modified", "2026-11-20T09:00:01.000Z");
		hijack.put("pattern", "[domain-name:value = 'innocent.example']");
		JsonNode refused = taxiiError(post(GREEN + "objects/", node(PEER), envelope(List.of(hijack))), 422);
		assertThat(refused.get("error_code").asString()).isEqualTo("not-your-object");
		assertThat(refused.get("details").get("pointer").asString()).isEqualTo("/objects/0/id");
		JsonNode read = ok(get(GREEN + "objects/" + id + "/", user("alice", Role.ANALYST)));
		assertThat(read.get("objects").get(0).get("pattern").asString()).isEqualTo(indicator.get("pattern").asString());
		assertThat(ok(get(GREEN + "objects/" + id + "/versions/", node(PEER))).get("versions")).hasSize(1);
		// this node's own objects, named as created by it, come from its own people only
		ObjectNode ours = find(bundleObjects(Tlp.GREEN, "ours"), "incident");
		assertThat(taxiiError(post(GREEN + "objects/", node(PEER), envelope(List.of(ours))), 422).get("error_code")
			.asString()).isEqualTo("not-your-identity");
		// and nobody publishes this node's identity but this node
		ObjectNode identity = find(bundleObjects(Tlp.GREEN, "ours"), "identity");
		identity.put("name", "Not really the NL CERT");
		assertThat(taxiiError(post(GREEN + "objects/", node(PEER), envelope(List.of(identity))), 422).get("details")
			.get("pointer")
			.asString()).isEqualTo("/objects/0/id");
		// nor a lookalike of an official TLP marking
		ObjectNode marking = find(bundleObjects(Tlp.GREEN, "ours"), "marking-definition");
		marking.put("name", "TLP:WHATEVER");
		assertThat(taxiiError(post(GREEN + "objects/", node(PEER), envelope(List.of(marking))), 422).get("error_code")
			.asString()).isEqualTo("not-the-official-marking");
		assertThat(ok(get(GREEN + "objects/?match[type]=identity,marking-definition", user("alice", Role.ANALYST)))
			.get("objects")).isEmpty();
		// the partner's own objects are its own: it adds versions, this node's
		// coordinator
		// does not
		List<ObjectNode> theirs = bundleObjects(Tlp.GREEN, "theirs", PEER);
		accepted(post(GREEN + "objects/", node(PEER), envelope(theirs)));
		ObjectNode theirIncident = find(theirs, "incident").deepCopy();
		theirIncident.put("modified", "2099-01-01T00:00:00.000Z");
		accepted(post(GREEN + "objects/", node(PEER), envelope(List.of(theirIncident))));
		ObjectNode overruled = theirIncident.deepCopy();
		overruled.put("modified", "2099-06-01T00:00:00.000Z");
		overruled.put("created_by_ref", TaxiiCaller.identityOf(NODE));
		assertThat(
				taxiiError(post(GREEN + "objects/", user("carol", Role.COORDINATOR), envelope(List.of(overruled))), 422)
					.get("error_code")
					.asString())
			.isEqualTo("not-your-object");
		assertThat(ok(get(GREEN + "objects/" + theirIncident.get("id").asString() + "/versions/",
				user("alice", Role.ANALYST)))
			.get("versions")).hasSize(2);
		// re-sending a version that is there is a success for anyone: nothing changes
		accepted(post(GREEN + "objects/", user("carol", Role.COORDINATOR),
				envelope(List.of(find(theirs, "marking-definition")))))
			.get("successes")
			.forEach((success) -> assertThat(success.get("message").asString()).isEqualTo("already present"));
	}

	@Test
	void aCollectionTheCallerMayNotReachAnswersAsOneThatDoesNotExist() {
		String greenOnly = issueKey("cert-be", List.of("health-sector-green"), true, null).get("key").asString();
		String caller = basic("cert-be", greenOnly);
		accepted(post(ROOT + "collections/partner-de-peer-amber/objects/", user("carol", Role.COORDINATOR),
				envelope(bundleObjects(Tlp.AMBER, "hidden"))));
		String objectId = find(bundleObjects(Tlp.AMBER, "hidden"), "incident").get("id").asString();
		String hiddenId = TaxiiCollection.amberFor(PEER).id();
		for (String hidden : List.of("partner-de-peer-amber", hiddenId, "partner-cert-be-amber")) {
			for (String suffix : List.of("/", "/objects/", "/manifest/", "/objects/" + objectId + "/",
					"/objects/" + objectId + "/versions/")) {
				String seen = raw(get(ROOT + "collections/" + hidden + suffix, caller), 404);
				String missing = raw(get(ROOT + "collections/partner-nowhere-amber" + suffix, caller), 404);
				assertThat(seen.replace(hidden, "?")).as(hidden + suffix)
					.isEqualTo(missing.replace("partner-nowhere-amber", "?"));
			}
			String posted = raw(post(ROOT + "collections/" + hidden + "/objects/", caller,
					envelope(bundleObjects(Tlp.AMBER, "push", "cert-be"))), 404);
			String postedMissing = raw(post(ROOT + "collections/partner-nowhere-amber/objects/", caller,
					envelope(bundleObjects(Tlp.AMBER, "push", "cert-be"))), 404);
			assertThat(posted.replace(hidden, "?")).isEqualTo(postedMissing.replace("partner-nowhere-amber", "?"));
		}
		assertThat(ok(get(ROOT + "collections/", caller)).get("collections")
			.valueStream()
			.map((c) -> c.get("alias").asString())).containsExactly("health-sector-green");
	}

	@Test
	void anAdminManagesKeysAndReachesNoCollection() {
		String admin = user("root", Role.ADMIN);
		accepted(post(GREEN + "objects/", user("carol", Role.COORDINATOR), envelope(bundleObjects(Tlp.GREEN, "adm"))));
		assertThat(ok(get(ROOT + "collections/", admin)).get("collections")).isEmpty();
		for (String collection : List.of("health-sector-green", "partner-de-peer-amber")) {
			assertThat(taxiiError(get(ROOT + "collections/" + collection + "/objects/", admin), 404).get("error_code")
				.asString()).isEqualTo("collection-not-found");
			taxiiError(post(ROOT + "collections/" + collection + "/objects/", admin,
					envelope(bundleObjects(Tlp.GREEN, "by-admin"))), 404);
		}
		// the same person with a reader's role reads, and a coordinator publishes
		ok(get(GREEN + "objects/", user("audrey", Role.AUDITOR)));
	}

	@Test
	void nothingOfTheBodyIsReadBeforeTheCallerIsKnownAndMayWrite() {
		String huge = "{\"objects\":[\"" + "x".repeat(400_000) + "\"]}";
		// a partner's identity from the gateway with a key that is not one: 401, not 413
		assertThat(
				taxiiError(post(GREEN + "objects/", basic("cert-none", "cdk_not-a-key"), huge), 401).get("error_code")
					.asString())
			.isEqualTo("unauthenticated");
		// a caller who may not write here: refused before its body is read
		taxiiError(post(GREEN + "objects/", user("alice", Role.ANALYST), huge), 403);
		taxiiError(post(ROOT + "collections/partner-nowhere-amber/objects/", user("carol", Role.COORDINATOR), huge),
				404);
		// a GET's body is never read
		ok(this.web.method(org.springframework.http.HttpMethod.GET)
			.uri(ROOT)
			.header("Accept", TAXII)
			.headers((headers) -> as(headers, user("alice", Role.ANALYST)))
			.contentType(MediaType.parseMediaType(TAXII))
			.bodyValue(huge)
			.exchange());
		// a writer's body is read, within the limit
		taxiiError(post(GREEN + "objects/", user("carol", Role.COORDINATOR), huge), 413);
		assertThat(storedCount()).isZero();
	}

	private static String raw(WebTestClient.ResponseSpec response, int status) {
		return response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(TAXII)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	// --- helpers
	// ------------------------------------------------------------------------

	private WebTestClient.ResponseSpec get(String path, String caller) {
		return this.web.get().uri(path).header("Accept", TAXII).headers((headers) -> as(headers, caller)).exchange();
	}

	private WebTestClient.ResponseSpec post(String path, String caller, Object body) {
		return this.web.post()
			.uri(path)
			.header("Accept", TAXII)
			.headers((headers) -> as(headers, caller))
			.contentType(MediaType.parseMediaType(TAXII))
			.bodyValue(body.toString())
			.exchange();
	}

	private static JsonNode ok(WebTestClient.ResponseSpec response) {
		return JSON.readTree(response.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(TAXII)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
	}

	private static JsonNode accepted(WebTestClient.ResponseSpec response) {
		return JSON.readTree(response.expectStatus()
			.isAccepted()
			.expectHeader()
			.contentType(TAXII)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
	}

	private static JsonNode taxiiError(WebTestClient.ResponseSpec response, int status) {
		JsonNode error = JSON.readTree(response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(TAXII)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
		assertThat(error.get("title").asString()).isNotBlank();
		assertThat(error.get("http_status").asString()).isEqualTo(String.valueOf(status));
		return error;
	}

	private JsonNode issueKey(String partner, List<String> collections, boolean write, Integer days) {
		Map<String, Object> request = new java.util.HashMap<>(
				Map.of("partner", partner, "collections", collections, "canWrite", write));
		if (days != null) {
			request.put("validDays", days);
		}
		return JSON.readTree(this.web.post()
			.uri("/api/v1/admin/api-keys")
			.header("Authorization", user("root", Role.ADMIN))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(request)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.cacheControl(org.springframework.http.CacheControl.noStore())
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
	}

	private long storedCount() {
		return this.mongo.count(new Query(), "taxii_versions").block()
				+ this.mongo.count(new Query(), "taxii_segments").block();
	}

	/** The objects of an incident this node exported, as a partner would receive them. */
	static List<ObjectNode> bundleObjects(Tlp tlp, String name) {
		return bundleObjects(tlp, name, NODE);
	}

	/** The objects of an incident {@code exporter} exported. */
	static List<ObjectNode> bundleObjects(Tlp tlp, String name, String exporter) {
		return bundleObjects(tlp, name, exporter, null);
	}

	/**
	 * The objects of an incident {@code exporter} exported, received from {@code origin}.
	 */
	static List<ObjectNode> bundleObjects(Tlp tlp, String name, String exporter,
			@org.jspecify.annotations.Nullable String origin) {
		IncidentFacts facts = new IncidentFacts(name, "NL-2026-000" + Math.abs(name.hashCode() % 1000),
				"Incident " + name, "Test incident", Instant.parse("2026-11-20T08:00:00Z"),
				Instant.parse("2026-11-20T09:00:00Z"), tlp, "AMBER", "malicious-code", "infected-system", List.of(),
				"high", "none", "none",
				List.of(new IncidentFacts.Observable("ipv4", "192.0.2." + (Math.abs(name.hashCode()) % 250 + 1)),
						new IncidentFacts.Observable("domain", name + ".example")));
		List<ObjectNode> objects = new ArrayList<>();
		new IncidentExport(exporter, "NL health CERT").bundle(facts, origin)
			.get("objects")
			.forEach((object) -> objects.add((ObjectNode) object));
		return objects;
	}

	static ObjectNode find(List<ObjectNode> objects, String type) {
		return objects.stream().filter((o) -> o.get("type").asString().equals(type)).findFirst().orElseThrow();
	}

	static String envelope(List<ObjectNode> objects) {
		ObjectNode envelope = JSON.createObjectNode();
		ArrayNode list = envelope.putArray("objects");
		objects.forEach(list::add);
		return envelope.toString();
	}

	/**
	 * What the gateway passes on: its identity token, the caller's API key for a key
	 * partner, and where the caller reached it.
	 */
	private static void as(HttpHeaders headers, String caller) {
		if (caller.startsWith(KEY_CALLER)) {
			headers.set("Authorization", TestIdentity.get().bearer("api-key", Role.PARTNER));
			headers.set(InternalIdentity.API_KEY_HEADER, caller.substring(KEY_CALLER.length()));
		}
		else {
			headers.set("Authorization", caller);
		}
		headers.set(InternalIdentity.PUBLIC_URL_HEADER, PUBLIC_URL + "/taxii2/");
	}

	/** A partner CERT with its key, as the gateway forwards it (the key checked here). */
	private static String basic(String partner, String key) {
		return KEY_CALLER + key;
	}

	/** A partner node whose federation signature the gateway verified. */
	private static String node(String nodeId) {
		return TestIdentity.get().bearer(nodeId, Role.PEER);
	}

	private static String user(String name, Role role) {
		return TestIdentity.get().bearer(name, role);
	}

	private static Path tempDir() {
		try {
			return Files.createTempDirectory("caduceus-taxii-test");
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
