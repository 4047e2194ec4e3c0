package org.caduceus.escalation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.caduceus.escalation.border.Snapshot;
import org.caduceus.escalation.casefile.Escalation;
import org.caduceus.escalation.casefile.EscalationStore;
import org.caduceus.escalation.casefile.FederationMessages;
import org.caduceus.escalation.casefile.IncidentId;
import org.caduceus.escalation.casefile.NodeId;
import org.caduceus.escalation.casefile.ThisNode;
import org.caduceus.escalation.delivery.DeliveryWorker;
import org.caduceus.identity.Role;
import org.caduceus.intakecontract.SourceIncident;
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

	@Autowired
	private EscalationStore escalationStore;

	@Autowired
	private ThisNode thisNode;

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
		return escalate(this.web, coordinator(), incidentId, to, tlp, tlpReason);
	}

	/** A coordinator of the node that {@code web} reaches escalates. */
	protected static WebTestClient.ResponseSpec escalate(WebTestClient web, String bearer, String incidentId,
			List<String> to, String tlp, String tlpReason) {
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
		return web.post()
			.uri("/api/v1/escalations")
			.header("Authorization", bearer)
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

	/**
	 * A partner's escalation, filed here as {@code linked} (which intake shows as this
	 * node's incident), as the inbound half records it.
	 * @return its key
	 */
	protected String receivedFromPartner(IncidentJson linked) {
		String escalationId = UUID.randomUUID().toString();
		Snapshot snapshot = new Snapshot("DE-2026-" + escalationId.substring(0, 6), "Phishing wave", null, "fraud",
				"phishing", null, null, null, "green", null, "high", null, null,
				new Snapshot.SharedReporter("Klinikum Beispiel", null, null, false), List.of(), null, null, null,
				List.of(), List.of());
		FederationMessages.EscalationMessage message = new FederationMessages.EscalationMessage(escalationId, PARTNER,
				this.thisNode.id().value(), "Partner reason " + escalationId, Instant.now(), snapshot);
		Escalation received = Escalation.receive(NodeId.of(PARTNER), message, IncidentId.of(linked.id()), linked.ref(),
				Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), this.thisNode);
		return this.escalationStore.insert(received).block().key().value();
	}

	/**
	 * The id the partner knows escalation {@code id} by. Tests look for their own
	 * escalation at the partner: the workers of other test classes' contexts, cached and
	 * still running, share the one {@link Neighbours} and may deliver theirs meanwhile.
	 */
	protected String escalationIdOf(String id) {
		return view(id).get("escalationId").asString();
	}

	protected long stored() {
		return this.mongo.count(new Query(), "escalations").block();
	}

	/**
	 * Waits up to 30 s for {@code condition}, looking every 50 ms. Three escalations
	 * delivered in turn once took just over 10 s in a clean-clone build on this 2-core
	 * machine; the wait ends as soon as the condition holds.
	 */
	protected static void eventually(Supplier<Boolean> condition) {
		try {
			Boolean met = Flux.interval(Duration.ZERO, Duration.ofMillis(50), Schedulers.boundedElastic())
				.map((tick) -> condition.get())
				.filter(Boolean::booleanValue)
				.blockFirst(Duration.ofSeconds(30));
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

	/**
	 * An incident as intake shows it, built from the contract's {@link SourceIncident},
	 * so a change of the contract breaks these tests when they compile.
	 */
	protected static final class IncidentJson {

		private final String id = UUID.randomUUID().toString();

		private final String ref = "NL-2026-" + String.format("%06d", Math.abs(this.id.hashCode() % 1_000_000));

		private final String tlp;

		private final List<SourceIncident.Note> journal = new ArrayList<>();

		private boolean consent;

		// intake shows an origin on every incident, empty unless a partner escalated it
		private SourceIncident.Origin origin = new SourceIncident.Origin(null, null, null);

		public IncidentJson(String tlp) {
			this.tlp = tlp;
		}

		public IncidentJson consent() {
			this.consent = true;
			return this;
		}

		public IncidentJson note(String text, String tlp) {
			this.journal.add(new SourceIncident.Note(UUID.randomUUID().toString(), "alice",
					Instant.parse("2026-11-23T07:00:00Z"), text, tlp));
			return this;
		}

		public IncidentJson fromPartner(String node) {
			this.origin = new SourceIncident.Origin(node, "DE-2026-000042", null);
			return this;
		}

		public String id() {
			return this.id;
		}

		public String ref() {
			return this.ref;
		}

		/** Makes intake show this incident. */
		public IncidentJson atIntake() {
			neighbours.incidents.put(this.id, new SourceIncident(this.id, this.ref, "Ransomware on radiology PACS",
					"Encrypted PACS archive",
					new SourceIncident.Classification("malicious-code", "infected-system",
							List.of("diagnostics-imaging"), null, "rsit-1003"),
					this.tlp, "amber", "critical", "potential", "diverted",
					new SourceIncident.Reporter("St. Example Hospital", "healthcare-provider",
							new SourceIncident.Contact("Jane Example", "ciso@hospital.example", null), this.consent),
					List.of(new SourceIncident.Observable("ipv4", "203.0.113.9"),
							new SourceIncident.Observable("domain", "pay-up.example")),
					null, null, Instant.parse("2026-11-23T06:30:00Z"), "IN_PROGRESS", true, false, this.origin,
					List.copyOf(this.journal)));
			return this;
		}

	}

}
