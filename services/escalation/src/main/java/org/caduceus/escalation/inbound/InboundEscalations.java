package org.caduceus.escalation.inbound;

import org.caduceus.escalation.casefile.Escalation;
import org.caduceus.escalation.casefile.EscalationId;
import org.caduceus.escalation.casefile.EscalationKey;
import org.caduceus.escalation.casefile.EscalationNotFound;
import org.caduceus.escalation.casefile.EscalationStatus;
import org.caduceus.escalation.casefile.EscalationStore;
import org.caduceus.escalation.casefile.Escalations;
import org.caduceus.escalation.casefile.FederationMessages.EscalationMessage;
import org.caduceus.escalation.casefile.FederationMessages.NoteMessage;
import org.caduceus.escalation.casefile.FederationMessages.Receipt;
import org.caduceus.escalation.casefile.FederationMessages.StatusMessage;
import org.caduceus.escalation.casefile.FederationMessages.TlpMessage;
import org.caduceus.escalation.casefile.IncidentId;
import org.caduceus.escalation.casefile.NodeId;
import org.caduceus.escalation.casefile.ThisNode;
import org.caduceus.escalation.intake.IntakeClient;
import org.caduceus.taxonomy.Tlp;
import org.caduceus.web.requestid.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The receiving half: what partners send this node (their escalations, filed here as
 * linked incidents; the status and notes of escalations either side sent), and the
 * receiving coordinator's decision.
 */
@Service
public class InboundEscalations {

	private static final Logger log = LoggerFactory.getLogger(InboundEscalations.class);

	private final EscalationStore store;

	private final Escalations escalations;

	private final IntakeClient intake;

	private final ThisNode node;

	InboundEscalations(EscalationStore store, Escalations escalations, IntakeClient intake, ThisNode node) {
		this.store = store;
		this.escalations = escalations;
		this.intake = intake;
		this.node = node;
	}

	/**
	 * Files a partner's escalation as a linked incident in intake (as that partner) and
	 * records it ACKNOWLEDGED, once: the same escalation received again gets the same
	 * receipt. Intake is asked first, so a snapshot it refuses leaves nothing stored
	 * here.
	 * @param bearer the partner's identity token, as the gateway vouched for it
	 */
	public Mono<Receipt> receive(NodeId sender, EscalationMessage message, String bearer) {
		EscalationKey key = EscalationKey.inbound(sender, EscalationId.of(message.escalationId()));
		return this.store.find(key)
			.filter((known) -> known.incidentId() != null)
			.switchIfEmpty(Mono
				.defer(() -> this.intake.fileLinked(sender.value(), message.escalationId(), message.snapshot(), bearer)
					.flatMap((linked) -> this.store
						.insert(Escalation.receive(sender, message, IncidentId.of(linked.id()), linked.ref(),
								this.escalations.now(), this.node))
						.onErrorResume(DuplicateKeyException.class, (ex) -> this.store.find(key)))
					.doOnEach(RequestIds.onNext((received) -> log.info("escalation {} from {} filed as {}",
							message.escalationId(), sender, received.incidentRef())))))
			.map(Escalation::receipt);
	}

	/** The receiving coordinator accepts or declines an inbound escalation. */
	public Mono<Escalation> decide(String key, Escalation.Decision decision, String user) {
		return this.escalations.change(Escalations.find(key),
				(escalation, now) -> escalation.decide(decision, user, now, this.node));
	}

	/**
	 * The other side moved an escalation on; a repeat or an older status changes nothing.
	 */
	public Mono<Receipt> receiveStatus(NodeId sender, StatusMessage message) {
		EscalationStatus status = EscalationStatus.of("status", message.status());
		return this.escalations
			.change(find(sender, message.escalationId()),
					(escalation, now) -> escalation.statusReceived(status, message, now))
			.map(Escalation::receipt);
	}

	/** A note from the other side; the same note received again is kept once. */
	public Mono<Receipt> receiveNote(NodeId sender, NoteMessage message) {
		return this.escalations
			.change(find(sender, message.escalationId()), (escalation, now) -> escalation.noteReceived(message, now))
			.map(Escalation::receipt);
	}

	/**
	 * The node that sent an escalation here raised its incident's TLP: the linked
	 * incident and its floor are raised in intake (as that partner, through the inbound
	 * contract), then the raise is recorded on the escalation. Only the escalation's
	 * sender is heard: the escalation is looked up under that sender's own key, so an
	 * escalation of another peer's, one this node sent, and one that does not exist are
	 * one and the same answer. A repeat, or a TLP no stricter than the partner shares it
	 * under now, changes nothing and asks intake nothing.
	 * @param bearer the partner's identity token, as the gateway vouched for it
	 */
	public Mono<Receipt> receiveTlp(NodeId sender, TlpMessage message, Tlp tlp, String bearer) {
		EscalationKey key = EscalationKey.inbound(sender, EscalationId.of(message.escalationId()));
		return this.store.find(key)
			.switchIfEmpty(Mono.error(() -> new EscalationNotFound(message.escalationId())))
			.flatMap((escalation) -> {
				if (!escalation.raisedBySender(tlp) || escalation.snapshot() == null) {
					return Mono.just(escalation);
				}
				return this.intake
					.raiseLinked(sender.value(), message.escalationId(), escalation.snapshot(), tlp, bearer)
					.then(this.escalations.change(Mono.just(key), (raised, now) -> raised.tlpRaisedBySender(tlp, now)))
					.doOnEach(RequestIds
						.onNext((raised) -> log.info("escalation {} from {}: linked incident {} raised to {}",
								message.escalationId(), sender, raised.incidentRef(), tlp.label())));
			})
			.map(Escalation::receipt);
	}

	/**
	 * @return the escalation {@code sender} may speak about: one this node sent to it, or
	 * one it sent here
	 */
	private Mono<EscalationKey> find(NodeId sender, String escalationId) {
		EscalationId id = EscalationId.of(escalationId);
		return this.store.find(EscalationKey.outbound(id))
			.filter((escalation) -> escalation.isOutbound() && escalation.isPartner(sender))
			.switchIfEmpty(Mono.defer(() -> this.store.find(EscalationKey.inbound(sender, id))))
			.map(Escalation::key)
			.switchIfEmpty(Mono.error(() -> new EscalationNotFound(escalationId)));
	}

}
