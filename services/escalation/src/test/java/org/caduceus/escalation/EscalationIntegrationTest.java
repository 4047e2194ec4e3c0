package org.caduceus.escalation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.caduceus.escalation.delivery.DeliveryWorker;
import org.caduceus.identity.Role;
import org.caduceus.testsupport.ServiceTest;
import org.caduceus.testsupport.TestIdentity;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The escalation service on the test store, with its neighbours (intake, the gateway's
 * internal API and, behind it, a partner node) played by one real HTTP server.
 */
@ServiceTest
public abstract class EscalationIntegrationTest {

	protected static final Neighbours neighbours = Neighbours.get();

	protected static final String PARTNER = "de-partner";

	@Autowired
	protected WebTestClient web;

	@Autowired
	protected ReactiveMongoTemplate mongo;

	@Autowired
	protected DeliveryWorker worker;

	@DynamicPropertySource
	static void neighbours(DynamicPropertyRegistry registry) {
		registry.add("caduceus.escalation.intake-url", neighbours::url);
		registry.add("caduceus.escalation.gateway-url", neighbours::url);
	}

	@BeforeEach
	void freshNeighbours() {
		neighbours.reset();
		neighbours.peer(PARTNER, "amber");
		this.mongo.remove(new Query(), "escalations").block();
	}

	protected static String coordinator() {
		return TestIdentity.get().bearer("carol", Role.COORDINATOR);
	}

	protected static String peer(String node) {
		return TestIdentity.get().bearer(node, Role.PEER);
	}

	/** A GET as the coordinator, expecting 200 and JSON. */
	protected JsonNode getJson(String path) {
		return this.web.get()
			.uri(path)
			.header("Authorization", coordinator())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	protected JsonNode view(String id) {
		return getJson("/api/v1/escalations/" + id);
	}

	/** The coordinator escalates; {@code tlp} and {@code tlpReason} may be null. */
	protected WebTestClient.ResponseSpec escalate(String incidentId, List<String> to, String tlp, String tlpReason) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("incidentId", incidentId);
		body.put("to", to);
		body.put("reason", "C2 servers in the partner's country");
		if (tlp != null) {
			body.put("tlp", tlp);
		}
		if (tlpReason != null) {
			body.put("tlpReason", tlpReason);
		}
		return this.web.post()
			.uri("/api/v1/escalations")
			.header("Authorization", coordinator())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	/**
	 * @return the id of the escalation of {@code incident} to the partner
	 */
	protected String escalated(IncidentJson incident) {
		return escalate(incident.id(), List.of(PARTNER), null, null).expectStatus()
			.isCreated()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody()
			.get(0)
			.get("id")
			.asString();
	}

	protected long stored() {
		return this.mongo.count(new Query(), "escalations").block();
	}

	/** Waits up to 10 s for {@code condition}, looking every 50 ms. */
	protected static void eventually(Supplier<Boolean> condition) {
		try {
			Boolean met = Flux.interval(Duration.ZERO, Duration.ofMillis(50), Schedulers.boundedElastic())
				.map((tick) -> condition.get())
				.filter(Boolean::booleanValue)
				.blockFirst(Duration.ofSeconds(10));
			assertThat(met).as("condition not met in time").isTrue();
		}
		catch (RuntimeException ex) {
			if (Exceptions.unwrap(ex) instanceof Error error) {
				throw error;
			}
			if (ex instanceof IllegalStateException && String.valueOf(ex.getMessage()).startsWith("Timeout")) {
				throw new AssertionError("condition not met in time", ex);
			}
			throw ex;
		}
	}

	/**
	 * Waits (up to 10 s) until the delivery worker has completed two more passes over the
	 * outbox: the second began after this call, so whatever the worker would send for
	 * what was done before has been sent. A test asserts that nothing was sent only after
	 * this.
	 */
	protected void afterTwoDeliveryPasses() {
		long seen = this.worker.passes().blockFirst(Duration.ofSeconds(10));
		Long reached = this.worker.passes().filter((passes) -> passes >= seen + 2).blockFirst(Duration.ofSeconds(10));
		assertThat(reached).as("two delivery passes").isNotNull();
	}

	/** An incident as intake shows it, built field by field. */
	protected static final class IncidentJson {

		private final Map<String, Object> fields = new LinkedHashMap<>();

		private final List<Map<String, Object>> journal = new ArrayList<>();

		private final Map<String, Object> reporter = new LinkedHashMap<>();

		private final Map<String, Object> origin = new LinkedHashMap<>();

		public IncidentJson(String tlp) {
			String id = UUID.randomUUID().toString();
			this.fields.put("id", id);
			this.fields.put("ref", "NL-2026-" + String.format("%06d", Math.abs(id.hashCode() % 1_000_000)));
			this.fields.put("title", "Ransomware on radiology PACS");
			this.fields.put("description", "Encrypted PACS archive");
			this.fields.put("classification", Map.of("rsitClass", "malicious-code", "rsitType", "infected-system",
					"careServices", List.of("diagnostics-imaging"), "taxonomyVersion", "rsit-1003"));
			this.fields.put("tlp", tlp);
			this.fields.put("pap", "amber");
			this.fields.put("severity", "critical");
			this.fields.put("patientSafetyImpact", "potential");
			this.fields.put("careDisruption", "diverted");
			this.fields.put("observables", List.of(Map.of("type", "ipv4", "value", "203.0.113.9"),
					Map.of("type", "domain", "value", "pay-up.example")));
			this.fields.put("awareAt", "2026-11-23T06:30:00Z");
			this.fields.put("status", "IN_PROGRESS");
			this.fields.put("significant", true);
			this.fields.put("crossBorderImpact", false);
			this.fields.put("createdBy", "alice");
			this.fields.put("related", List.of());
			this.reporter.put("organisation", "St. Example Hospital");
			this.reporter.put("entityType", "healthcare-provider");
			this.reporter.put("contact", Map.of("name", "Jane Example", "email", "ciso@hospital.example"));
			this.reporter.put("consentToShare", false);
		}

		public IncidentJson consent() {
			this.reporter.put("consentToShare", true);
			return this;
		}

		public IncidentJson note(String text, String tlp) {
			this.journal.add(Map.of("id", UUID.randomUUID().toString(), "author", "alice", "at", "2026-11-23T07:00:00Z",
					"text", text, "tlp", tlp));
			return this;
		}

		public IncidentJson fromPartner(String node) {
			this.origin.put("partnerNode", node);
			this.origin.put("partnerRef", "DE-2026-000042");
			return this;
		}

		public String id() {
			return (String) this.fields.get("id");
		}

		public String ref() {
			return (String) this.fields.get("ref");
		}

		/** Makes intake show this incident. */
		public IncidentJson atIntake() {
			Map<String, Object> all = new LinkedHashMap<>(this.fields);
			all.put("reporter", this.reporter);
			all.put("journal", this.journal);
			all.put("origin", this.origin);
			neighbours.incidents.put(id(), Neighbours.JSON.writeValueAsString(all));
			return this;
		}

	}

}
