package org.caduceus.escalation.tlpwatch;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.caduceus.escalation.EscalationIntegrationTest;
import org.caduceus.escalation.Neighbours;
import org.caduceus.escalation.casefile.Escalation;
import org.caduceus.escalation.casefile.EscalationKey;
import org.caduceus.escalation.casefile.EscalationStore;
import org.caduceus.escalation.casefile.Escalations;
import org.caduceus.escalation.casefile.ThisNode;
import org.caduceus.escalation.intake.IntakeClient;
import org.caduceus.taxonomy.Tlp;
import org.caduceus.testsupport.TestIdentity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: a TLP raise after delivery reaches the partner. The sending half: the watch
 * sees the incident raised at intake, the escalation records it and queues one signed TLP
 * message, the outbox delivers it like any other; a lowering here, a raise already told,
 * and an escalation the partner no longer holds send nothing.
 */
class TlpWatchIntegrationTests extends EscalationIntegrationTest {

	@Autowired
	TlpWatch watch;

	@Autowired
	EscalationStore store;

	@Autowired
	Escalations escalations;

	@Autowired
	IntakeClient intake;

	@Autowired
	ThisNode node;

	@Test
	void aRaiseAfterDeliveryReachesThePartnerOnceAndALoweringHereNever() {
		IncidentJson incident = new IncidentJson("amber").atIntake();
		String id = escalated(incident);
		eventually(() -> "ACKNOWLEDGED".equals(view(id).get("status").asString()));
		neighbours.intakeNowShows(incident.id(), "red");
		eventually(() -> neighbours.sentFor(id, tlpPath(id)) == 1);
		JsonNode message = Neighbours.JSON.readTree(sentTo(tlpPath(id)).body());
		assertThat(message.get("escalationId").asString()).isEqualTo(id);
		assertThat(message.get("from").asString()).isEqualTo(TestIdentity.NODE);
		assertThat(message.get("tlp").asString()).isEqualTo("red");
		assertThat(sentTo(tlpPath(id)).authorization()).as("through the gateway's egress, which signs it")
			.startsWith("Bearer ");
		eventually(() -> view(id).get("delivery").get("pending").asInt() == 0);
		JsonNode raised = view(id);
		assertThat(raised.get("status").asString()).isEqualTo("ACKNOWLEDGED");
		JsonNode event = raised.get("timeline").get(raised.get("timeline").size() - 1);
		assertThat(event.get("what").asString()).isEqualTo("TLP raised");
		assertThat(event.get("by").asString()).isEqualTo("tlp-watch");
		assertThat(event.get("detail").asString()).contains(incident.ref(), "TLP:RED", "TLP:AMBER");

		// lowered here, and raised again to what the partner was told: nothing more
		// leaves
		neighbours.intakeNowShows(incident.id(), "green");
		afterTwoSweepsAndDeliveries();
		neighbours.intakeNowShows(incident.id(), "red");
		afterTwoSweepsAndDeliveries();
		assertThat(neighbours.sentFor(id, tlpPath(id))).isEqualTo(1);
		assertThat(timeline(id).stream().filter("TLP raised"::equals)).hasSize(1);
	}

	@Test
	void aRaiseWhileThePartnerIsOfflineWaitsInTheOutboxAndLeavesOnceWhenItIsBack() {
		IncidentJson incident = new IncidentJson("green").atIntake();
		String id = escalated(incident);
		eventually(() -> "ACKNOWLEDGED".equals(view(id).get("status").asString()));
		neighbours.partner = Neighbours::offline;
		neighbours.intakeNowShows(incident.id(), "amber");
		// two attempts of the TLP message itself refused by the partner (the count in the
		// view is taken when a message is leased, before it reaches the partner)
		eventually(() -> neighbours.sentFor(id, tlpPath(id)) >= 2
				&& view(id).get("delivery").get("attempts").asInt() >= 2);
		// held in the escalation's own document: what a restarted service delivers
		Escalation waiting = this.store.find(new EscalationKey(id)).block();
		assertThat(waiting.outbox()).singleElement()
			.satisfies((queued) -> assertThat(queued.kind()).isEqualTo(Escalation.Message.Kind.TLP));
		assertThat(waiting.tlpRaisedTo()).isEqualTo(Tlp.AMBER);
		assertThat(neighbours.sentFor(id, tlpPath(id))).isPositive();
		AtomicInteger received = new AtomicInteger();
		neighbours.partner = (sent) -> {
			if (sent.path().equals(tlpPath(id))) {
				received.incrementAndGet();
			}
			return neighbours.onlinePartner(sent);
		};
		retry();
		eventually(() -> view(id).get("delivery").get("pending").asInt() == 0);
		afterTwoSweepsAndDeliveries();
		assertThat(received).as("reached the partner once it was back").hasValue(1);
		assertThat(timeline(id).stream().filter("TLP raised"::equals)).hasSize(1);
	}

	@Test
	void aRaiseGivenUpIsNotTakenAsToldAndTheNextSweepSendsItAgain() {
		IncidentJson incident = new IncidentJson("amber").atIntake();
		String id = escalated(incident);
		eventually(() -> "ACKNOWLEDGED".equals(view(id).get("status").asString()));
		// the partner refuses the first TLP message for good (a permanent 4xx), then
		// takes the next
		AtomicInteger refusals = new AtomicInteger();
		List<String> received = new CopyOnWriteArrayList<>();
		neighbours.partner = (sent) -> {
			if (sent.path().equals(tlpPath(id))) {
				if (refusals.getAndIncrement() == 0) {
					return new Neighbours.Reply(422,
							"{\"type\":\"urn:caduceus:problem:invalid-request\",\"status\":422}");
				}
				received.add(Neighbours.JSON.readTree(sent.body()).get("tlp").asString());
			}
			return neighbours.onlinePartner(sent);
		};
		neighbours.intakeNowShows(incident.id(), "red");
		eventually(() -> timeline(id).contains("TLP not delivered"));
		eventually(() -> received.size() == 1);
		assertThat(received).containsExactly("red");
		eventually(() -> view(id).get("delivery").get("pending").asInt() == 0);
		Escalation told = this.store.find(new EscalationKey(id)).block();
		assertThat(told.tlpRaisedTo()).isEqualTo(Tlp.RED);
		// told now: nothing more leaves
		afterTwoSweepsAndDeliveries();
		assertThat(received).containsExactly("red");
		assertThat(neighbours.sentFor(id, tlpPath(id))).isEqualTo(2);
	}

	@Test
	void anEscalationThePartnerHoldsAtRedIsNeitherReadNorSweptAgain() {
		IncidentJson incident = new IncidentJson("amber").atIntake();
		IncidentJson other = new IncidentJson("amber").atIntake();
		String id = escalated(incident);
		String still = escalated(other);
		eventually(() -> "ACKNOWLEDGED".equals(view(id).get("status").asString()));
		eventually(() -> "ACKNOWLEDGED".equals(view(still).get("status").asString()));
		neighbours.intakeNowShows(incident.id(), "red");
		eventually(() -> neighbours.sentFor(id, tlpPath(id)) == 1);
		eventually(() -> view(id).get("delivery").get("pending").asInt() == 0);
		assertThat(watched()).doesNotContain(id).contains(still);
		int reads = neighbours.reads.get(incident.id()).get();
		int readsOfOther = neighbours.reads.get(other.id()).get();
		afterTwoSweepsAndDeliveries();
		assertThat(neighbours.reads.get(incident.id())).as("nothing stricter than RED: never read again")
			.hasValue(reads);
		assertThat(neighbours.reads.get(other.id()).get()).as("one still below RED is").isGreaterThan(readsOfOther);

		// one written before the store kept what the watch sweeps is found at start
		this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(still)), new Update().unset("tlpWatched"), "escalations")
			.block();
		assertThat(watched()).doesNotContain(still);
		this.store.afterPropertiesSet();
		assertThat(watched()).contains(still).doesNotContain(id);
	}

	@Test
	void anEscalationThePartnerNoLongerHoldsIsToldNothingOfALaterRaise() {
		IncidentJson incident = new IncidentJson("green").atIntake();
		String id = escalated(incident);
		eventually(() -> "ACKNOWLEDGED".equals(view(id).get("status").asString()));
		this.web.post()
			.uri("/api/v1/escalations/" + id + "/withdraw")
			.header("Authorization", coordinator())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("reason", "sent to the wrong team"))
			.exchange()
			.expectStatus()
			.isOk();
		eventually(() -> view(id).get("delivery").get("pending").asInt() == 0);
		neighbours.intakeNowShows(incident.id(), "red");
		afterTwoSweepsAndDeliveries();
		assertThat(neighbours.sentFor(id, tlpPath(id))).isZero();
		assertThat(timeline(id)).doesNotContain("TLP raised");
	}

	@Test
	void replicasSweepingAtOnceQueueEachRaiseOnce() {
		IncidentJson incident = new IncidentJson("green").atIntake();
		List<String> ids = List.of(escalated(incident), escalated(incident), escalated(incident));
		ids.forEach((id) -> eventually(() -> "ACKNOWLEDGED".equals(view(id).get("status").asString())));
		neighbours.partner = Neighbours::offline;
		neighbours.intakeNowShows(incident.id(), "amber");
		List<TlpWatch> replicas = List.of(replica(), replica(), replica());
		Flux.fromIterable(replicas).flatMap(TlpWatch::sweep).blockLast(Duration.ofSeconds(20));
		for (String id : ids) {
			Escalation raised = this.store.find(new EscalationKey(id)).block();
			assertThat(raised.outbox()).as(id).hasSize(1);
			assertThat(raised.pending()).as(id).isEqualTo(1);
			assertThat(raised.timeline().stream().filter((e) -> e.what().equals("TLP raised"))).as(id).hasSize(1);
		}
	}

	private List<String> watched() {
		return this.store.tlpWatched(null, 10_000).map((escalation) -> escalation.key().value()).collectList().block();
	}

	private TlpWatch replica() {
		return new TlpWatch(this.store, this.escalations, this.intake, this.node, Duration.ofMinutes(1), 2, 4);
	}

	private void afterTwoSweepsAndDeliveries() {
		long seen = this.watch.sweeps().blockFirst(Duration.ofSeconds(10));
		Long reached = this.watch.sweeps().filter((sweeps) -> sweeps >= seen + 2).blockFirst(Duration.ofSeconds(10));
		assertThat(reached).as("two sweeps").isNotNull();
		afterTwoDeliveryPasses();
	}

	private static String tlpPath(String id) {
		return "escalations/" + id + "/tlp";
	}

	private static Neighbours.Sent sentTo(String path) {
		return neighbours.sent.stream().filter((sent) -> sent.path().equals(path)).findFirst().orElseThrow();
	}

	private List<String> timeline(String id) {
		return view(id).get("timeline").valueStream().map((event) -> event.get("what").asString()).toList();
	}

	private void retry() {
		this.web.post()
			.uri("/api/v1/escalations/retry")
			.header("Authorization", coordinator())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("peer", PARTNER))
			.exchange()
			.expectStatus()
			.isOk();
	}

}
