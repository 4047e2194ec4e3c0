package org.caduceus.escalation.casefile;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.caduceus.escalation.border.BorderDecision;
import org.caduceus.escalation.border.BorderRule;
import org.caduceus.escalation.border.Snapshot;
import org.caduceus.escalation.casefile.FederationMessages.NoteMessage;
import org.caduceus.escalation.casefile.FederationMessages.Receipt;
import org.caduceus.escalation.casefile.FederationMessages.StatusMessage;
import org.caduceus.taxonomy.Severity;
import org.caduceus.taxonomy.Tlp;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.query.Update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * The aggregate guards its own transitions and queues its own messages; the store writes
 * exactly what a method changed, as the operations that keep concurrent writers apart.
 */
class EscalationTests {

	static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

	static final NodeId PARTNER = NodeId.of("de-bsi");

	static final ThisNode NODE = new ThisNode() {

		@Override
		public NodeId id() {
			return NodeId.of("nl-z-cert");
		}

		@Override
		public String json(Object message) {
			return message.toString();
		}

	};

	@Test
	void aQueuedEscalationCarriesItsMessageAndItsSla() {
		Escalation queued = queued();
		assertThat(queued.status()).isEqualTo(EscalationStatus.QUEUED);
		assertThat(queued.outbox()).singleElement()
			.satisfies((message) -> assertThat(message.kind()).isEqualTo(Escalation.Message.Kind.ESCALATE));
		assertThat(queued.pending()).isEqualTo(1);
		assertThat(queued.nextAttemptAt()).isEqualTo(NOW);
		assertThat(queued.ackDueAt()).isEqualTo(NOW.plus(ResponseSla.CRITICAL.acknowledge()));
		assertThat(queued.timeline()).extracting(Escalation.Event::what).containsExactly("QUEUED");
	}

	@Test
	void aBlockedEscalationNamesItsRuleAndSendsNothing() {
		Escalation blocked = Escalation.block(request(), PARTNER,
				new BorderDecision.Refused(BorderRule.RED_NEVER_LEAVES, "red"), NOW);
		assertThat(blocked.status()).isEqualTo(EscalationStatus.BLOCKED);
		assertThat(blocked.blockedRule()).isEqualTo(BorderRule.RED_NEVER_LEAVES);
		assertThat(blocked.outbox()).isEmpty();
		assertThatThrownBy(() -> blocked.addNote("x", "carol", NOW, NODE)).isInstanceOf(TransitionNotAllowed.class);
	}

	@Test
	void deliveryPopsTheMessageAndTheReceiptAcknowledges() {
		Escalation escalation = stored(queued());
		Escalation.Message message = escalation.nextMessage();
		escalation.delivered(message,
				new Receipt(escalation.escalationId().value(), "ACKNOWLEDGED", "DE-2026-000001", NOW), NOW);
		assertThat(escalation.status()).isEqualTo(EscalationStatus.ACKNOWLEDGED);
		assertThat(escalation.partnerRef()).isEqualTo("DE-2026-000001");
		assertThat(escalation.timeline()).extracting(Escalation.Event::what)
			.containsExactly("QUEUED", "DELIVERED", "ACKNOWLEDGED");
		Map<String, Object> update = update(escalation);
		assertThat(update).containsKeys("$pop", "$inc", "$set", "$push");
		assertThat(part(update, "$pop")).containsOnly(entry("outbox", -1));
		assertThat(part(update, "$inc")).containsOnly(entry("pending", -1));
	}

	@Test
	void aReceiptCannotMoveAnEscalationToAFinalStatus() {
		Escalation escalation = stored(queued());
		escalation.delivered(escalation.nextMessage(),
				new Receipt(escalation.escalationId().value(), "FAILED", null, null), NOW);
		assertThat(escalation.status()).isEqualTo(EscalationStatus.DELIVERED);
	}

	@Test
	void givingUpTheEscalationFailsItAndEmptiesTheOutbox() {
		Escalation escalation = stored(queued());
		escalation.givenUp(escalation.nextMessage(), "refused", NOW);
		assertThat(escalation.status()).isEqualTo(EscalationStatus.FAILED);
		assertThat(escalation.outbox()).isEmpty();
		assertThat(escalation.pending()).isZero();
		Map<String, Object> update = update(escalation);
		assertThat(update).doesNotContainKeys("$pop", "$inc");
		assertThat(part(update, "$set")).containsEntry("outbox", List.of()).containsEntry("pending", 0);
	}

	@Test
	void onlyTheReceivingNodeDecidesAndOnlyOnceAcknowledged() {
		assertThatThrownBy(() -> stored(queued()).decide(new Escalation.Decision(true, null), "carol", NOW, NODE))
			.isInstanceOf(TransitionNotAllowed.class);
		assertThatThrownBy(() -> new Escalation.Decision(false, " ")).isInstanceOf(InvalidEscalation.class);
		Escalation received = stored(received());
		received.decide(new Escalation.Decision(true, null), "carol", NOW, NODE);
		assertThat(received.status()).isEqualTo(EscalationStatus.ACCEPTED);
		assertThat(received.outbox()).singleElement()
			.satisfies((message) -> assertThat(message.path()).endsWith("/status"));
		Map<String, Object> update = update(received);
		assertThat(part(update, "$inc")).containsOnly(entry("pending", 1));
		assertThat(part(update, "$set")).containsKeys("status", "decidedAt", "nextAttemptAt");
		assertThatThrownBy(() -> received.decide(new Escalation.Decision(true, null), "carol", NOW, NODE))
			.isInstanceOf(TransitionNotAllowed.class);
	}

	@Test
	void closingNeedsAnAcknowledgedEscalation() {
		assertThatThrownBy(() -> stored(queued()).close(null, "carol", NOW, NODE))
			.isInstanceOf(TransitionNotAllowed.class);
		Escalation received = stored(received());
		received.close("done", "carol", NOW, NODE);
		assertThat(received.status()).isEqualTo(EscalationStatus.CLOSED);
		assertThatThrownBy(() -> received.close("again", "carol", NOW, NODE)).isInstanceOf(TransitionNotAllowed.class);
	}

	@Test
	void aPartnersStatusMovesForwardOnlyAndOnlyWhereThePartnerMaySetIt() {
		Escalation sent = stored(queued());
		String id = sent.escalationId().value();
		sent.statusReceived(EscalationStatus.ACCEPTED, status(id, "ACCEPTED"), NOW);
		assertThat(sent.status()).isEqualTo(EscalationStatus.ACCEPTED);
		assertThat(sent.partnerRef()).isEqualTo("DE-2026-000002");
		Escalation again = stored(sent);
		again.statusReceived(EscalationStatus.ACKNOWLEDGED, status(id, "ACKNOWLEDGED"), NOW);
		assertThat(again.status()).isEqualTo(EscalationStatus.ACCEPTED);
		assertThat(EscalationStore.changed(again)).as("an older status writes nothing").isFalse();
		Escalation received = stored(received());
		assertThatThrownBy(() -> received.statusReceived(EscalationStatus.ACCEPTED,
				status(received.escalationId().value(), "ACCEPTED"), NOW))
			.isInstanceOf(InvalidEscalation.class);
	}

	@Test
	void aNoteReceivedTwiceIsKeptOnce() {
		Escalation received = stored(received());
		NoteMessage note = new NoteMessage(received.escalationId().value(), PARTNER.value(),
				"0b7c7d8e-1f2a-4b3c-9d4e-5f6a7b8c9d0e", NOW, "patched");
		received.noteReceived(note, NOW);
		Escalation again = stored(received);
		again.noteReceived(note, NOW);
		assertThat(again.notes()).hasSize(1);
		assertThat(EscalationStore.changed(again)).isFalse();
	}

	@Test
	void typedValuesRefuseWhatCannotBeThem() {
		assertThatThrownBy(() -> EscalationId.of("not-a-uuid")).isInstanceOf(InvalidEscalation.class);
		assertThatThrownBy(() -> NodeId.of("Not A Node")).isInstanceOf(InvalidEscalation.class);
		assertThatThrownBy(() -> IncidentId.of(" ")).isInstanceOf(InvalidEscalation.class);
		assertThat(EscalationKey.find("de-bsi:0b7c7d8e-1f2a-4b3c-9d4e-5f6a7b8c9d0e")).isPresent();
		assertThat(EscalationKey.find("NL-2026-000001")).isEmpty();
		assertThat(BorderRule.ofSlug("tlp-amber-not-onward")).isEqualTo(BorderRule.AMBER_NOT_ONWARD);
	}

	@Test
	void aRaiseAfterDeliveryQueuesOneTlpMessageAndNeverALowering() {
		Escalation escalation = stored(queued());
		assertThatThrownBy(() -> escalation.incidentTlpRaised(Tlp.RED, NOW, NODE))
			.as("a queued one is checked at send time instead")
			.isInstanceOf(TransitionNotAllowed.class);
		escalation.delivered(escalation.nextMessage(),
				new Receipt(escalation.escalationId().value(), "ACKNOWLEDGED", "DE-2026-000001", NOW), NOW);
		Escalation delivered = stored(escalation);
		assertThat(delivered.tlpAsShared()).isEqualTo(Tlp.GREEN);
		assertThat(delivered.partnerToldOfRaise(Tlp.GREEN)).isFalse();
		assertThat(delivered.partnerToldOfRaise(Tlp.CLEAR)).isFalse();
		assertThat(delivered.partnerToldOfRaise(Tlp.RED)).isTrue();
		delivered.incidentTlpRaised(Tlp.RED, NOW, NODE);
		assertThat(delivered.outbox()).singleElement().satisfies((message) -> {
			assertThat(message.kind()).isEqualTo(Escalation.Message.Kind.TLP);
			assertThat(message.path()).isEqualTo("escalations/" + delivered.escalationId().value() + "/tlp");
			assertThat(message.body()).contains("tlp=red");
		});
		assertThat(part(update(delivered), "$set")).containsEntry("tlpRaisedTo", "red");
		// seen again, or lowered here: nothing more for the partner
		delivered.incidentTlpRaised(Tlp.RED, NOW, NODE);
		delivered.incidentTlpRaised(Tlp.AMBER, NOW, NODE);
		assertThat(delivered.outbox()).hasSize(1);
		assertThat(delivered.pending()).isEqualTo(1);
		Escalation raised = stored(delivered);
		assertThat(raised.tlpAsShared()).isEqualTo(Tlp.RED);
		assertThat(raised.partnerToldOfRaise(Tlp.RED)).isFalse();
		raised.withdraw("carol", "stop", NOW, NODE);
		assertThatThrownBy(() -> raised.incidentTlpRaised(Tlp.RED, NOW, NODE)).isInstanceOf(TransitionNotAllowed.class);
		assertThatThrownBy(() -> received().incidentTlpRaised(Tlp.RED, NOW, NODE))
			.isInstanceOf(TransitionNotAllowed.class);
	}

	@Test
	void aRaiseGivenUpIsNoLongerTakenAsToldUnlessALaterOneWaits() {
		Escalation escalation = stored(queued());
		escalation.delivered(escalation.nextMessage(),
				new Receipt(escalation.escalationId().value(), "ACKNOWLEDGED", "DE-2026-000001", NOW), NOW);
		Escalation delivered = stored(escalation);
		// told of AMBER
		delivered.incidentTlpRaised(Tlp.AMBER, NOW, NODE);
		delivered.delivered(delivered.nextMessage(), null, NOW);
		Escalation amber = stored(delivered);
		amber.incidentTlpRaised(Tlp.AMBER_STRICT, NOW, NODE);
		amber.incidentTlpRaised(Tlp.RED, NOW, NODE);
		Escalation waiting = stored(amber);
		assertThat(waiting.outbox()).extracting(Escalation.Message::tlpBefore).containsExactly("amber", "amber");
		// AMBER+STRICT given up with RED still waiting: RED tells it, nothing is queued
		waiting.givenUp(waiting.nextMessage(), "refused by de-bsi: 422", NOW);
		assertThat(waiting.tlpRaisedTo()).isEqualTo(Tlp.RED);
		assertThat(waiting.partnerToldOfRaise(Tlp.RED)).isFalse();
		Escalation second = stored(waiting);
		second.givenUp(second.nextMessage(), "not delivered within 72 h", NOW);
		// neither reached the partner: it holds AMBER, and the next sweep tells it RED
		assertThat(second.tlpRaisedTo()).isEqualTo(Tlp.AMBER);
		assertThat(part(update(second), "$set")).containsEntry("tlpRaisedTo", "amber");
		Escalation again = stored(second);
		assertThat(again.partnerToldOfRaise(Tlp.RED)).isTrue();
		again.incidentTlpRaised(Tlp.RED, NOW, NODE);
		assertThat(again.outbox()).singleElement().satisfies((message) -> {
			assertThat(message.body()).contains("tlp=red");
			assertThat(message.tlpBefore()).isEqualTo("amber");
		});
		// the first raise given up: back to the TLP shared at first
		Escalation first = stored(queued());
		first.delivered(first.nextMessage(), null, NOW);
		Escalation green = stored(first);
		green.incidentTlpRaised(Tlp.RED, NOW, NODE);
		green.givenUp(green.nextMessage(), "refused", NOW);
		assertThat(green.tlpRaisedTo()).isNull();
		assertThat(green.tlpAsShared()).isEqualTo(Tlp.GREEN);
		assertThat(green.partnerToldOfRaise(Tlp.RED)).isTrue();
		assertThat(green.timeline()).extracting(Escalation.Event::what).endsWith("TLP raised", "TLP not delivered");
	}

	@Test
	void theSendersRaiseIsRecordedOnceAndOnlyForward() {
		Escalation received = stored(received());
		assertThat(received.raisedBySender(Tlp.GREEN)).isFalse();
		assertThat(received.raisedBySender(Tlp.AMBER)).isTrue();
		received.tlpRaisedBySender(Tlp.AMBER, NOW);
		received.tlpRaisedBySender(Tlp.AMBER, NOW);
		received.tlpRaisedBySender(Tlp.CLEAR, NOW);
		assertThat(received.tlpAsShared()).isEqualTo(Tlp.AMBER);
		assertThat(received.timeline()).extracting(Escalation.Event::what)
			.containsExactly("DELIVERED", "ACKNOWLEDGED", "TLP raised");
		assertThat(received.outbox()).isEmpty();
		assertThat(stored(received).raisedBySender(Tlp.AMBER)).isFalse();
		assertThatThrownBy(() -> stored(queued()).tlpRaisedBySender(Tlp.RED, NOW))
			.isInstanceOf(TransitionNotAllowed.class);
	}

	private static StatusMessage status(String id, String status) {
		return new StatusMessage(id, PARTNER.value(), status, null, "DE-2026-000002", NOW);
	}

	/** As the store would give it back after writing it. */
	private static Escalation stored(Escalation escalation) {
		return EscalationDocument.of(escalation).toEscalation();
	}

	private static Map<String, Object> update(Escalation escalation) {
		Update update = EscalationStore.changes(escalation);
		return update.getUpdateObject();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> part(Map<String, Object> update, String operator) {
		return (Map<String, Object>) update.get(operator);
	}

	private static Escalation.Request request() {
		return new Escalation.Request(IncidentId.of("id-1"), "NL-2026-000001", Severity.CRITICAL, "C2 servers",
				"carol");
	}

	private static Escalation queued() {
		return Escalation.queue(request(), PARTNER, new BorderDecision.Allowed(snapshot(), List.of(), null), NOW, NODE);
	}

	private static Escalation received() {
		return Escalation.receive(PARTNER,
				new FederationMessages.EscalationMessage("0b7c7d8e-1f2a-4b3c-9d4e-5f6a7b8c9d0f", PARTNER.value(),
						NODE.id().value(), "help", NOW, snapshot()),
				IncidentId.of("linked-1"), "NL-2026-000009", NOW, NODE);
	}

	private static Snapshot snapshot() {
		return new Snapshot("DE-2026-000001", "Ransomware", null, "malicious-code", "infected-system", null, null, null,
				"green", null, "critical", null, null,
				new Snapshot.SharedReporter("St. Example Hospital", null, null, false), List.of(), null, null, null,
				List.of(), List.of());
	}

}
