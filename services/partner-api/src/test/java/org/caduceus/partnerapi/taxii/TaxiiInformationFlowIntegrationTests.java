package org.caduceus.partnerapi.taxii;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Information flow of the TAXII reads: objects of every TLP a collection holds, in the
 * sector's collection and in the AMBER collections of two partner nodes and two partner
 * CERTs, published by this node's coordinator and by the partners themselves; then every
 * TAXII GET resource (discovery, API root, collections, collection, objects, object,
 * versions, manifest, status) asked by every kind of caller (each partner node, a CERT
 * key with its own collection, one with the sector's only, each user role). No answer
 * carries an object id, collection alias or id, or status id of a collection the caller
 * may not read, nor an object of another collection than the one asked; and a collection,
 * object or status the caller may not see answers exactly as one that does not exist
 * (status and body, the name asked for aside). Who may read what is this test's own
 * table, not the service's.
 */
@ServiceTest
class TaxiiInformationFlowIntegrationTests {

	static final String ROOT = "/taxii2/api/";

	static final String TAXII = "application/taxii+json;version=2.1";

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final List<String> PEERS = List.of("peer-a", "peer-b");

	static final String MISSING = "partner-nowhere-amber";

	static final Path keys = tempDir();

	static final FakeGateway gateway = new FakeGateway(PEERS.toArray(String[]::new));

	@Autowired
	WebTestClient web;

	@Autowired
	ReactiveMongoTemplate mongo;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.database", () -> "taxii-flow-tests");
		registry.add("caduceus.gateway-url", gateway::url);
		registry.add("caduceus.service-key.private", () -> keys.resolve("service-partner-api.key.pem").toString());
		registry.add("caduceus.service-key.public", () -> keys.resolve("service-partner-api.pub.pem").toString());
		registry.add("caduceus.taxii.refresh", () -> "200ms");
		registry.add("caduceus.taxii.rate-burst", () -> "1000000");
		registry.add("caduceus.taxii.rate-per-second", () -> "1000000");
	}

	@AfterAll
	static void stopGateway() {
		gateway.close();
	}

	/**
	 * A caller: its headers, the collections it may read (the test's own table), and the
	 * statuses it posted.
	 */
	record Caller(String name, String authorization, @org.jspecify.annotations.Nullable String apiKey,
			Set<String> reads) {
	}

	@Test
	void noTaxiiAnswerCarriesWhatItsCallerMayNotReadAndHiddenIsMissing() {
		for (String collection : List.of("api_keys", "taxii_segments", "taxii_versions", "taxii_status")) {
			this.mongo.remove(new Query(), collection).block();
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(gateway.lastAuthorization()).startsWith("Bearer "));
		String keyK = issueKey("cert-k", List.of("health-sector-green", "partner-cert-k-amber"), true);
		String keyJ = issueKey("cert-j", List.of("health-sector-green"), false);
		String green = "health-sector-green";
		List<String> collections = List.of(green, "partner-peer-a-amber", "partner-peer-b-amber",
				"partner-cert-k-amber", "partner-cert-j-amber");
		Set<String> all = Set.copyOf(collections);
		List<Caller> callers = List.of(
				new Caller("peer-a", bearer("peer-a", Role.PEER), null, Set.of(green, "partner-peer-a-amber")),
				new Caller("peer-b", bearer("peer-b", Role.PEER), null, Set.of(green, "partner-peer-b-amber")),
				new Caller("cert-k", bearer("api-key", Role.PARTNER), keyK, Set.of(green, "partner-cert-k-amber")),
				new Caller("cert-j", bearer("api-key", Role.PARTNER), keyJ, Set.of(green)),
				new Caller("analyst", bearer("alice", Role.ANALYST), null, all),
				new Caller("coordinator", bearer("carol", Role.COORDINATOR), null, all),
				new Caller("auditor", bearer("audrey", Role.AUDITOR), null, all),
				new Caller("admin", bearer("root", Role.ADMIN), null, Set.of()));
		Map<String, Caller> byName = new LinkedHashMap<>();
		callers.forEach((caller) -> byName.put(caller.name(), caller));

		// the world: every TLP a collection holds, from this node and from its partner
		Map<String, Set<String>> objectsOf = new LinkedHashMap<>();
		Map<String, String> statusOwner = new LinkedHashMap<>();
		for (String collection : collections) {
			TaxiiCollection parsed = TaxiiCollection.parse(collection);
			Set<String> ids = new LinkedHashSet<>();
			for (Tlp tlp : parsed.allowed()) {
				String name = collection + "-" + tlp.code();
				statusOwner.put(
						publish(byName.get("coordinator"), collection, bundle(tlp, name, TestIdentity.NODE), ids),
						"coordinator");
			}
			String partner = parsed.partner();
			if (partner != null && !partner.equals("cert-j")) {
				Caller author = byName.get(partner);
				statusOwner.put(publish(author, collection, bundle(Tlp.AMBER, collection + "-own", partner), ids),
						partner);
				statusOwner.put(publish(author, green, bundle(Tlp.GREEN, partner + "-shares", partner),
						objectsOf.computeIfAbsent(green, (k) -> new LinkedHashSet<>())), partner);
			}
			objectsOf.computeIfAbsent(collection, (k) -> new LinkedHashSet<>()).addAll(ids);
		}
		int requests = 0;
		for (Caller caller : callers) {
			// what this caller may not learn: ids only in collections it may not read,
			// those collections' names and ids, other callers' statuses
			Set<String> readableIds = new LinkedHashSet<>();
			Set<String> secrets = new LinkedHashSet<>();
			objectsOf.forEach((collection, ids) -> {
				if (caller.reads().contains(collection)) {
					readableIds.addAll(ids);
				}
			});
			objectsOf.forEach((collection, ids) -> {
				if (!caller.reads().contains(collection)) {
					ids.stream().filter((id) -> !readableIds.contains(id)).forEach(secrets::add);
					secrets.add(collection);
					secrets.add(TaxiiCollection.parse(collection).id());
				}
			});
			statusOwner.forEach((status, owner) -> {
				if (!owner.equals(caller.name())) {
					secrets.add(status);
				}
			});

			for (String path : List.of("/taxii2/", ROOT)) {
				assertClean(caller, get(caller, path), secrets, 200);
				requests++;
			}
			EntityExchangeResult<String> list = get(caller, ROOT + "collections/");
			requests++;
			assertClean(caller, list, secrets, 200);
			assertThat(JSON.readTree(list.getResponseBody())
				.get("collections")
				.valueStream()
				.map((c) -> c.get("alias").asString())
				.toList()).as(caller.name()).containsExactlyInAnyOrderElementsOf(caller.reads());

			for (String collection : collections) {
				boolean readable = caller.reads().contains(collection);
				String base = ROOT + "collections/" + collection;
				String missingBase = ROOT + "collections/" + MISSING;
				List<String> objectIds = new ArrayList<>(objectsOf.get(collection));
				objectIds.add("indicator--00000000-0000-4000-8000-000000000000");
				List<String> suffixes = new ArrayList<>(List.of("/", "/objects/", "/objects/?match[version]=all",
						"/manifest/", "/objects/?match[type]=incident,indicator&limit=3"));
				for (String id : objectIds) {
					suffixes.add("/objects/" + id + "/");
					suffixes.add("/objects/" + id + "/versions/");
				}
				for (String suffix : suffixes) {
					EntityExchangeResult<String> answer = get(caller, base + suffix);
					requests++;
					if (readable) {
						assertClean(caller, answer, secrets, answer.getStatus().value());
						assertThat(answer.getStatus().value()).isIn(200, 404);
						objectsIn(answer).forEach(
								(id) -> assertThat(objectsOf.get(collection)).as(caller.name() + " " + base + suffix)
									.contains(id));
					}
					else {
						EntityExchangeResult<String> missing = get(caller, missingBase + suffix);
						requests++;
						assertThat(answer.getStatus()).as(caller.name() + " " + base + suffix)
							.isEqualTo(missing.getStatus());
						assertThat(answer.getStatus().value()).isEqualTo(404);
						assertThat(answer.getResponseBody().replace(collection, "?"))
							.isEqualTo(missing.getResponseBody().replace(MISSING, "?"));
						assertClean(caller, answer, Set.of(), 404);
					}
				}
			}
			for (String status : statusOwner.keySet()) {
				EntityExchangeResult<String> answer = get(caller, ROOT + "status/" + status + "/");
				EntityExchangeResult<String> missing = get(caller,
						ROOT + "status/00000000-0000-4000-8000-000000000000/");
				requests += 2;
				if (statusOwner.get(status).equals(caller.name())) {
					assertClean(caller, answer, secrets, 200);
				}
				else {
					assertThat(answer.getStatus().value()).isEqualTo(404);
					assertThat(answer.getResponseBody().replace(status, "?"))
						.isEqualTo(missing.getResponseBody().replace("00000000-0000-4000-8000-000000000000", "?"));
				}
			}
		}
		// the figures, for the README
		int objects = objectsOf.values().stream().mapToInt(Set::size).sum();
		String figures = String.format(java.util.Locale.ROOT,
				"TAXII information flow: %d callers, %d collections, %d objects (distinct per collection),"
						+ " %d statuses, %d requests%n",
				callers.size(), collections.size(), objects, statusOwner.size(), requests);
		org.slf4j.LoggerFactory.getLogger(TaxiiInformationFlowIntegrationTests.class).warn(figures);
		try {
			Files.writeString(Path.of("target", "taxii-information-flow.txt"), figures);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		assertThat(callers).hasSize(8);
		assertThat(objectsOf.values().stream().mapToInt(Set::size).sum()).isGreaterThan(100);
		assertThat(requests).isGreaterThan(2000);
	}

	private static void assertClean(Caller caller, EntityExchangeResult<String> answer, Set<String> secrets,
			int status) {
		assertThat(answer.getStatus().value()).as(caller.name()).isEqualTo(status);
		assertThat(answer.getResponseHeaders().getContentType()).hasToString(TAXII);
		String body = answer.getResponseBody();
		for (String secret : secrets) {
			assertThat(body).as(caller.name() + " must not learn " + secret).doesNotContain(secret);
		}
	}

	private static List<String> objectsIn(EntityExchangeResult<String> answer) {
		JsonNode body = JSON.readTree(answer.getResponseBody());
		List<String> ids = new ArrayList<>();
		if (body.has("objects")) {
			body.get("objects").forEach((object) -> ids.add(object.get("id").asString()));
		}
		return ids;
	}

	/** Publishes, adds the ids to {@code ids}, and returns the status id. */
	private String publish(Caller caller, String collection, List<ObjectNode> objects, Set<String> ids) {
		ObjectNode envelope = JSON.createObjectNode();
		ArrayNode list = envelope.putArray("objects");
		objects.forEach(list::add);
		String body = this.web.post()
			.uri(ROOT + "collections/" + collection + "/objects/")
			.header("Accept", TAXII)
			.headers((headers) -> as(headers, caller))
			.contentType(MediaType.parseMediaType(TAXII))
			.bodyValue(envelope.toString())
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		objects.forEach((object) -> ids.add(object.get("id").asString()));
		return JSON.readTree(body).get("id").asString();
	}

	private EntityExchangeResult<String> get(Caller caller, String path) {
		return this.web.get()
			.uri(path)
			.header("Accept", TAXII)
			.headers((headers) -> as(headers, caller))
			.exchange()
			.expectBody(String.class)
			.returnResult();
	}

	private static void as(HttpHeaders headers, Caller caller) {
		headers.set("Authorization", caller.authorization());
		if (caller.apiKey() != null) {
			headers.set(InternalIdentity.API_KEY_HEADER, caller.apiKey());
		}
	}

	/** An incident {@code exporter} exported; its observable is its own. */
	private static List<ObjectNode> bundle(Tlp tlp, String name, String exporter) {
		IncidentFacts facts = new IncidentFacts(name, "NL-2026-000001", "Incident " + name, "Flow test",
				Instant.parse("2026-11-20T08:00:00Z"), Instant.parse("2026-11-20T09:00:00Z"), tlp, "AMBER",
				"malicious-code", "infected-system", List.of(), "high", "none", "none",
				List.of(new IncidentFacts.Observable("domain", name + ".example")));
		List<ObjectNode> objects = new ArrayList<>();
		new IncidentExport(exporter, "Team " + exporter).bundle(facts)
			.get("objects")
			.forEach((object) -> objects.add((ObjectNode) object));
		return objects;
	}

	private String issueKey(String partner, List<String> collections, boolean write) {
		return JSON
			.readTree(this.web.post()
				.uri("/api/v1/admin/api-keys")
				.header("Authorization", bearer("root", Role.ADMIN))
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("partner", partner, "collections", collections, "canWrite", write))
				.exchange()
				.expectStatus()
				.isCreated()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody())
			.get("key")
			.asString();
	}

	private static String bearer(String name, Role role) {
		return TestIdentity.get().bearer(name, role);
	}

	private static Path tempDir() {
		try {
			return Files.createTempDirectory("caduceus-taxii-flow-test");
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
