package org.caduceus.escalation.casefile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.caduceus.escalation.border.BorderDecision;
import org.caduceus.escalation.border.BorderRule;
import org.caduceus.escalation.border.Downgrade;
import org.caduceus.escalation.border.Redaction;
import org.caduceus.escalation.border.Snapshot;
import org.caduceus.escalation.casefile.FederationMessages.EscalationMessage;
import org.caduceus.escalation.casefile.FederationMessages.NoteMessage;
import org.caduceus.escalation.casefile.FederationMessages.Receipt;
import org.caduceus.escalation.casefile.FederationMessages.StatusMessage;
import org.caduceus.escalation.casefile.FederationMessages.TlpMessage;
import org.caduceus.taxonomy.Severity;
import org.caduceus.taxonomy.Tlp;
import org.jspecify.annotations.Nullable;

/**
 * One escalation as this node sees it: sent to a partner (OUTBOUND) or received from one
 * (INBOUND): the aggregate. Callers never set its status or fields: each method checks
 * that the change is allowed, applies it, records it in the timeline and queues the
 * message that tells the partner. Its outbox (the messages still to send, oldest first)
 * and the delivery state live in the same document, so a change and the messages it
 * causes are one atomic write: nothing is lost between them, with no transaction.
 * {@link EscalationStore} alone knows how a change is written.
 */
public final class Escalation {

	/** Which way it crossed the border. */
	public enum Direction {

		OUTBOUND, INBOUND

	}

	/**
	 * A change in the escalation's life.
	 *
	 * @param at when
	 * @param what what happened, e.g. {@code ACKNOWLEDGED} or {@code attempt failed}
	 * @param by who (a user, a partner node, or {@code delivery})
	 * @param detail more, if any
	 */
	public record Event(Instant at, String what, String by, @Nullable String detail) {
	}

	/**
	 * A message waiting in the outbox.
	 *
	 * @param id unique, so the receiver can tell a repeat from a new one
	 * @param kind what it carries
	 * @param path where it goes, below {@code /federation/v1/}
	 * @param body the JSON sent, exactly
	 * @param enqueuedAt when it was queued; retries stop {@code giveUpAfter} later
	 * @param tlpBefore for a TLP message, the raise the partner is sure to hold should it
	 * be given up (the code of {@link #tlpRaisedTo()} before the first TLP message still
	 * waiting when it was queued); null otherwise, and for the TLP shared at first
	 */
	public record Message(String id, Kind kind, String path, String body, Instant enqueuedAt,
			@Nullable String tlpBefore) {

		/** What a message carries. */
		public enum Kind {

			ESCALATE, STATUS, NOTE, TLP

		}

	}

	/**
	 * A note shared with the partner, or received from it.
	 *
	 * @param id unique across both nodes
	 * @param at when it was written
	 * @param fromNode the node it was written on
	 * @param author the user, kept on the node it was written on only
	 * @param text the note
	 */
	public record ExchangedNote(String id, Instant at, String fromNode, @Nullable String author, String text) {
	}

	/**
	 * A coordinator's request to escalate one incident, as the border policy saw it.
	 *
	 * @param incidentId the incident on this node
	 * @param incidentRef its reference
	 * @param severity its severity, which sets the SLA
	 * @param reason why it is escalated
	 * @param by the coordinator
	 */
	public record Request(IncidentId incidentId, String incidentRef, Severity severity, String reason, String by) {
	}

	/**
	 * The receiving coordinator's answer.
	 *
	 * @param accept accept, or decline
	 * @param reason why; required to decline
	 */
	public record Decision(boolean accept, @Nullable String reason) {

		public Decision {
			if (!accept && (reason == null || reason.isBlank())) {
				throw new InvalidEscalation("reason", "declining needs a reason the partner will read");
			}
		}

		EscalationStatus status() {
			return this.accept ? EscalationStatus.ACCEPTED : EscalationStatus.DECLINED;
		}

	}

	/** Statuses the partner may report on an escalation this node sent. */
	private static final List<EscalationStatus> REPORTED_BY_RECEIVER = List.of(EscalationStatus.ACKNOWLEDGED,
			EscalationStatus.ACCEPTED, EscalationStatus.DECLINED, EscalationStatus.CLOSED);

	/** Who the delivery worker is in the timeline. */
	static final String DELIVERY = "delivery";

	/** Who, in the timeline, saw the incident's TLP raised at intake. */
	static final String TLP_WATCH = "tlp-watch";

	/**
	 * Statuses of an escalation this node sent whose partner holds the incident and is
	 * told when its TLP is raised: delivered, and neither withdrawn, closed nor failed.
	 */
	public static final List<EscalationStatus> HELD_BY_PARTNER = List.of(EscalationStatus.DELIVERED,
			EscalationStatus.ACKNOWLEDGED, EscalationStatus.ACCEPTED, EscalationStatus.DECLINED);

	private final EscalationKey key;

	private final EscalationId escalationId;

	private final Direction direction;

	private final NodeId peer;

	private final @Nullable IncidentId incidentId;

	private final @Nullable String incidentRef;

	private @Nullable String partnerRef;

	private final String requestedBy;

	private final String reason;

	private final Severity severity;

	private EscalationStatus status;

	private @Nullable String statusReason;

	private @Nullable BorderRule blockedRule;

	private final @Nullable Snapshot snapshot;

	private final List<Redaction> redactions;

	private final @Nullable Downgrade downgrade;

	/**
	 * The TLP the incident was raised to after it was shared (sent to the partner, or
	 * received from it); null while it was not.
	 */
	private @Nullable Tlp tlpRaisedTo;

	private List<ExchangedNote> notes;

	private List<Event> timeline;

	private List<Message> outbox;

	private int pending;

	private int attempts;

	private @Nullable Instant nextAttemptAt;

	private @Nullable String lastError;

	private final @Nullable String leaseOwner;

	private final @Nullable Instant leaseUntil;

	private final Instant createdAt;

	private Instant updatedAt;

	private @Nullable Instant acknowledgedAt;

	private @Nullable Instant decidedAt;

	private final Instant ackDueAt;

	private final Instant decisionDueAt;

	private final long revision;

	/** As read from the store: what {@link EscalationStore} writes the difference to. */
	private final @Nullable Escalation stored;

	/**
	 * Messages taken off the front of the outbox since it was read (delivered or
	 * dropped).
	 */
	private int taken;

	/** Whether the outbox was emptied whole since it was read. */
	private boolean outboxCleared;

	/**
	 * Whether the count of waiting messages was set anew, not moved by what was queued.
	 */
	private boolean pendingReset;

	/**
	 * An escalation as stored; only {@link EscalationStore} restores one.
	 */
	Escalation(EscalationKey key, EscalationId escalationId, Direction direction, NodeId peer,
			@Nullable IncidentId incidentId, @Nullable String incidentRef, @Nullable String partnerRef,
			String requestedBy, String reason, Severity severity, EscalationStatus status,
			@Nullable String statusReason, @Nullable BorderRule blockedRule, @Nullable Snapshot snapshot,
			List<Redaction> redactions, @Nullable Downgrade downgrade, @Nullable Tlp tlpRaisedTo,
			List<ExchangedNote> notes, List<Event> timeline, List<Message> outbox, int pending, int attempts,
			@Nullable Instant nextAttemptAt, @Nullable String lastError, @Nullable String leaseOwner,
			@Nullable Instant leaseUntil, Instant createdAt, Instant updatedAt, @Nullable Instant acknowledgedAt,
			@Nullable Instant decidedAt, Instant ackDueAt, Instant decisionDueAt, long revision, boolean stored) {
		this.key = key;
		this.escalationId = escalationId;
		this.direction = direction;
		this.peer = peer;
		this.incidentId = incidentId;
		this.incidentRef = incidentRef;
		this.partnerRef = partnerRef;
		this.requestedBy = requestedBy;
		this.reason = reason;
		this.severity = severity;
		this.status = status;
		this.statusReason = statusReason;
		this.blockedRule = blockedRule;
		this.snapshot = snapshot;
		this.redactions = List.copyOf(redactions);
		this.downgrade = downgrade;
		this.tlpRaisedTo = tlpRaisedTo;
		this.notes = List.copyOf(notes);
		this.timeline = List.copyOf(timeline);
		this.outbox = List.copyOf(outbox);
		this.pending = pending;
		this.attempts = attempts;
		this.nextAttemptAt = nextAttemptAt;
		this.lastError = lastError;
		this.leaseOwner = leaseOwner;
		this.leaseUntil = leaseUntil;
		this.createdAt = createdAt;
		this.updatedAt = updatedAt;
		this.acknowledgedAt = acknowledgedAt;
		this.decidedAt = decidedAt;
		this.ackDueAt = ackDueAt;
		this.decisionDueAt = decisionDueAt;
		this.revision = revision;
		this.stored = stored ? copy() : null;
	}

	private Escalation copy() {
		return new Escalation(this.key, this.escalationId, this.direction, this.peer, this.incidentId, this.incidentRef,
				this.partnerRef, this.requestedBy, this.reason, this.severity, this.status, this.statusReason,
				this.blockedRule, this.snapshot, this.redactions, this.downgrade, this.tlpRaisedTo, this.notes,
				this.timeline, this.outbox, this.pending, this.attempts, this.nextAttemptAt, this.lastError,
				this.leaseOwner, this.leaseUntil, this.createdAt, this.updatedAt, this.acknowledgedAt, this.decidedAt,
				this.ackDueAt, this.decisionDueAt, this.revision, false);
	}

	// --- the sending side
	// ---------------------------------------------------------------

	/**
	 * An escalation the border policy allowed, QUEUED with the message that carries its
	 * snapshot to the partner.
	 */
	public static Escalation queue(Request request, NodeId to, BorderDecision.Allowed allowed, Instant now,
			ThisNode node) {
		EscalationId id = EscalationId.random();
		ResponseSla sla = ResponseSla.of(request.severity());
		List<Event> timeline = new ArrayList<>();
		Downgrade downgrade = allowed.downgrade();
		if (downgrade != null) {
			timeline.add(new Event(now, "TLP lowered", request.by(),
					downgrade.from() + " -> " + downgrade.to() + ": " + downgrade.reason()));
		}
		timeline.add(new Event(now, EscalationStatus.QUEUED.name(), request.by(), null));
		EscalationMessage message = new EscalationMessage(id.value(), node.id().value(), to.value(), request.reason(),
				now, allowed.snapshot());
		return new Escalation(EscalationKey.outbound(id), id, Direction.OUTBOUND, to, request.incidentId(),
				request.incidentRef(), null, request.by(), request.reason(), request.severity(),
				EscalationStatus.QUEUED, null, null, allowed.snapshot(), allowed.redactions(), downgrade, null,
				List.of(), timeline, List.of(message(Message.Kind.ESCALATE, "escalations", message, now, node)), 1, 0,
				now, null, null, null, now, now, null, null, now.plus(sla.acknowledge()), now.plus(sla.decide()), 0,
				false);
	}

	/** An escalation the border policy refused: BLOCKED, with nothing to send. */
	public static Escalation block(Request request, NodeId to, BorderDecision.Refused refusal, Instant now) {
		EscalationId id = EscalationId.random();
		ResponseSla sla = ResponseSla.of(request.severity());
		return new Escalation(EscalationKey.outbound(id), id, Direction.OUTBOUND, to, request.incidentId(),
				request.incidentRef(), null, request.by(), request.reason(), request.severity(),
				EscalationStatus.BLOCKED, refusal.detail(), refusal.rule(), null, List.of(), null, null, List.of(),
				List.of(new Event(now, EscalationStatus.BLOCKED.name(), request.by(), refusal.detail())), List.of(), 0,
				0, null, null, null, null, now, now, null, null, now.plus(sla.acknowledge()), now.plus(sla.decide()), 0,
				false);
	}

	/**
	 * The partner's node has the message at the front of the outbox. For the escalation
	 * itself, its receipt says how far it got there (filed: ACKNOWLEDGED, with the
	 * partner's reference).
	 * @param receipt the partner's answer, if it could be read
	 */
	public void delivered(Message message, @Nullable Receipt receipt, Instant now) {
		takeFirst(message);
		this.attempts = 0;
		this.lastError = null;
		this.nextAttemptAt = null;
		this.updatedAt = now;
		if (message.kind() != Message.Kind.ESCALATE) {
			return;
		}
		String linkedRef = (receipt != null) ? receipt.linkedRef() : null;
		if (this.status == EscalationStatus.QUEUED) {
			EscalationStatus reached = (receipt != null && receipt.status() != null)
					? EscalationStatus.of("status", receipt.status()) : EscalationStatus.DELIVERED;
			if (reached.isFinal() || reached.rank() < EscalationStatus.DELIVERED.rank()) {
				reached = EscalationStatus.DELIVERED;
			}
			this.status = reached;
			record(new Event(now, EscalationStatus.DELIVERED.name(), DELIVERY, null), new Event(now, reached.name(),
					this.peer.value(), (linkedRef != null) ? "filed as " + linkedRef : null));
		}
		if (linkedRef != null) {
			this.partnerRef = linkedRef;
		}
		if (receipt != null && receipt.acknowledgedAt() != null && this.acknowledgedAt == null) {
			this.acknowledgedAt = now;
		}
	}

	/** An attempt failed in a way that may pass: tried again at {@code next}. */
	public void attemptFailed(String error, Instant next, Instant now) {
		this.attempts = this.attempts + 1;
		this.nextAttemptAt = next;
		this.lastError = error;
		this.updatedAt = now;
	}

	/**
	 * The message could not be sent because a part of this node did not answer: tried
	 * again at {@code next}; not an attempt at the partner, so the count that spaces
	 * those out stays as it was.
	 */
	public void heldHere(String error, Instant next, Instant now) {
		this.nextAttemptAt = next;
		this.lastError = error;
		this.updatedAt = now;
	}

	/**
	 * The message at the front of the outbox will not be delivered. Without the
	 * escalation itself nothing after it means anything to the partner, so then the
	 * escalation FAILS and the outbox is emptied; a later message is dropped and
	 * recorded. A TLP raise dropped so, with no later one waiting, is no longer taken as
	 * told: the raise goes back to what the partner surely holds, so the next sweep of
	 * the TLP watch queues it again.
	 */
	public void givenUp(Message message, String why, Instant now) {
		this.attempts = 0;
		this.lastError = why;
		this.updatedAt = now;
		this.nextAttemptAt = null;
		if (message.kind() == Message.Kind.ESCALATE) {
			this.outbox = List.of();
			this.outboxCleared = true;
			this.pending = 0;
			this.pendingReset = true;
			this.status = EscalationStatus.FAILED;
			this.statusReason = why;
			record(new Event(now, EscalationStatus.FAILED.name(), DELIVERY, why));
		}
		else {
			takeFirst(message);
			record(new Event(now, message.kind() + " not delivered", DELIVERY, why));
			if (message.kind() == Message.Kind.TLP
					&& this.outbox.stream().noneMatch((later) -> later.kind() == Message.Kind.TLP)) {
				// the partner was not told: back to what it surely holds, so the TLP
				// watch queues the raise again
				this.tlpRaisedTo = (message.tlpBefore() != null) ? Tlp.of(message.tlpBefore()) : null;
			}
		}
	}

	/**
	 * At send time the border refused what waits in the outbox: the incident's TLP was
	 * raised, the peer's ceiling lowered, or the incident is gone, since it was queued.
	 * The escalation is BLOCKED with the rule and nothing leaves.
	 * @throws TransitionNotAllowed when it is no longer waiting to be sent
	 */
	public void blockedAtSend(BorderRule rule, String why, Instant now) {
		if (this.status != EscalationStatus.QUEUED) {
			throw new TransitionNotAllowed("Escalation is " + this.status + "; only a queued one is blocked at send");
		}
		clearOutbox();
		this.status = EscalationStatus.BLOCKED;
		this.statusReason = why;
		this.blockedRule = rule;
		this.attempts = 0;
		this.lastError = null;
		this.updatedAt = now;
		record(new Event(now, EscalationStatus.BLOCKED.name(), DELIVERY, why));
	}

	/**
	 * A coordinator of this node withdraws an escalation it sent. Still queued: the
	 * outbox is emptied and nothing leaves. Already delivered: the partner is told, by
	 * the signed status message that closes it there, with the reason.
	 * @throws TransitionNotAllowed for an escalation received from a partner, one that is
	 * finished, or one a delivery worker holds right now (try again in a moment)
	 */
	public void withdraw(String by, String reason, Instant now, ThisNode node) {
		if (!isOutbound()) {
			throw new TransitionNotAllowed("Only the node that sent an escalation withdraws it");
		}
		if (reason.isBlank()) {
			throw new InvalidEscalation("reason", "withdrawing needs a reason the partner may read");
		}
		if (this.status.isFinal()) {
			throw new TransitionNotAllowed("Escalation is " + this.status + "; it cannot be withdrawn");
		}
		if (this.leaseOwner != null) {
			throw new TransitionNotAllowed(
					"Escalation is being delivered right now; withdraw it again once the attempt has settled");
		}
		boolean queued = this.status == EscalationStatus.QUEUED;
		this.status = EscalationStatus.WITHDRAWN;
		this.statusReason = reason;
		this.updatedAt = now;
		record(new Event(now, EscalationStatus.WITHDRAWN.name(), by, reason));
		if (queued) {
			clearOutbox();
			return;
		}
		queue(message(Message.Kind.STATUS, statusPath(), new StatusMessage(this.escalationId.value(), node.id().value(),
				EscalationStatus.CLOSED.name(), "withdrawn by the sender: " + reason, null, now), now, node), now);
	}

	/**
	 * Intake shows the incident at {@code current}, stricter than the partner holds it
	 * (its own TLP when it was shared, before any downgrade at the border, or the last
	 * raise the partner was told of): the partner is told by a signed TLP message in the
	 * outbox, durable and retried like every other, and raises the linked incident and
	 * its floor there. A TLP no stricter changes nothing: this never lowers anything at
	 * the partner, and seeing the same raise again sends nothing twice.
	 * @throws TransitionNotAllowed for an escalation received from a partner, or one the
	 * partner does not hold: still queued (the border is checked again when it is sent),
	 * blocked, withdrawn, closed or failed
	 */
	public void incidentTlpRaised(Tlp current, Instant now, ThisNode node) {
		if (!isOutbound()) {
			throw new TransitionNotAllowed("Only the node that sent an escalation tells the partner of a TLP raise");
		}
		if (!HELD_BY_PARTNER.contains(this.status)) {
			throw new TransitionNotAllowed(
					"Escalation is " + this.status + "; only one the partner holds is told of a TLP raise");
		}
		Tlp held = tlpAsShared();
		if (held == null || !current.isMoreRestrictiveThan(held)) {
			return;
		}
		Message waiting = this.outbox.stream()
			.filter((queued) -> queued.kind() == Message.Kind.TLP)
			.findFirst()
			.orElse(null);
		String before = (waiting != null) ? waiting.tlpBefore()
				: (this.tlpRaisedTo != null) ? this.tlpRaisedTo.code() : null;
		this.tlpRaisedTo = current;
		this.updatedAt = now;
		record(new Event(now, "TLP raised", TLP_WATCH, "incident " + this.incidentRef + " is " + current.label()
				+ ", it was " + held.label() + " when shared; the partner is told"));
		queue(new Message(UUID.randomUUID().toString(), Message.Kind.TLP,
				"escalations/" + this.escalationId.value() + "/tlp",
				node.json(new TlpMessage(this.escalationId.value(), node.id().value(), current.code(), now)), now,
				before), now);
	}

	/**
	 * @return whether the partner must be told that the incident is now at
	 * {@code current}: {@link #incidentTlpRaised} would queue a message
	 */
	public boolean partnerToldOfRaise(Tlp current) {
		Tlp held = tlpAsShared();
		return isOutbound() && HELD_BY_PARTNER.contains(this.status) && held != null
				&& current.isMoreRestrictiveThan(held);
	}

	/**
	 * @return whether the TLP watch sweeps this escalation: one this node sent that a
	 * partner holds, unless the partner holds it at RED already, the strictest there is,
	 * so no raise is left to tell
	 */
	public boolean tlpWatched() {
		Tlp held = tlpAsShared();
		return isOutbound() && HELD_BY_PARTNER.contains(this.status) && held != null && held != Tlp.RED;
	}

	private void clearOutbox() {
		this.outbox = List.of();
		this.outboxCleared = true;
		this.pending = 0;
		this.pendingReset = true;
		this.nextAttemptAt = null;
	}

	/**
	 * Claimed with nothing in the outbox (a count left behind by a crash): nothing is due
	 * until a message is queued.
	 */
	public void nothingToSend() {
		this.nextAttemptAt = null;
		this.pending = 0;
		this.pendingReset = true;
	}

	/**
	 * @return the message to deliver next, none when the outbox is empty
	 */
	public @Nullable Message nextMessage() {
		return this.outbox.isEmpty() ? null : this.outbox.get(0);
	}

	// --- the receiving side
	// -------------------------------------------------------------

	/**
	 * A partner's escalation, filed here as the linked incident and ACKNOWLEDGED. Its SLA
	 * runs from when the partner escalated.
	 */
	public static Escalation receive(NodeId sender, EscalationMessage message, IncidentId linkedId, String linkedRef,
			Instant now, ThisNode node) {
		EscalationId id = EscalationId.of(message.escalationId());
		Snapshot snapshot = message.snapshot();
		Severity severity = Severity.of(snapshot.severity());
		ResponseSla sla = ResponseSla.of(severity);
		List<Event> timeline = List.of(new Event(now, EscalationStatus.DELIVERED.name(), sender.value(), null),
				new Event(now, EscalationStatus.ACKNOWLEDGED.name(), node.id().value(), "filed as " + linkedRef));
		return new Escalation(EscalationKey.inbound(sender, id), id, Direction.INBOUND, sender, linkedId, linkedRef,
				snapshot.ref(), "node." + sender.value(), message.reason(), severity, EscalationStatus.ACKNOWLEDGED,
				null, null, snapshot, List.of(), null, null, List.of(), timeline, List.of(), 0, 0, null, null, null,
				null, now, now, now, null, message.requestedAt().plus(sla.acknowledge()),
				message.requestedAt().plus(sla.decide()), 0, false);
	}

	/**
	 * @return whether {@code tlp}, sent by the partner that escalated this, is stricter
	 * than it shares the incident under now: a raise to apply, not a repeat
	 */
	public boolean raisedBySender(Tlp tlp) {
		Tlp held = tlpAsShared();
		return !isOutbound() && held != null && tlp.isMoreRestrictiveThan(held);
	}

	/**
	 * The partner that sent this escalation raised its incident's TLP (the linked
	 * incident in intake was raised first): recorded. Only a raise, whatever the
	 * escalation's status here (the linked incident outlives it): a repeat, or a TLP no
	 * stricter, changes nothing.
	 * @throws TransitionNotAllowed for an escalation this node sent
	 */
	public void tlpRaisedBySender(Tlp tlp, Instant now) {
		if (isOutbound()) {
			throw new TransitionNotAllowed("Only the node that sent an escalation raises its TLP");
		}
		Tlp held = tlpAsShared();
		if (held == null || !tlp.isMoreRestrictiveThan(held)) {
			return;
		}
		this.tlpRaisedTo = tlp;
		this.updatedAt = now;
		record(new Event(now, "TLP raised", this.peer.value(),
				held.label() + " -> " + tlp.label() + ": linked incident " + this.incidentRef + " raised"));
	}

	/** The receiving coordinator accepts or declines; the partner is told. */
	public void decide(Decision decision, String by, Instant now, ThisNode node) {
		if (isOutbound()) {
			throw new TransitionNotAllowed("Only the receiving node accepts or declines an escalation");
		}
		if (this.status != EscalationStatus.ACKNOWLEDGED) {
			throw new TransitionNotAllowed(
					"Escalation is " + this.status + "; only an ACKNOWLEDGED one is accepted or declined");
		}
		EscalationStatus to = decision.status();
		this.status = to;
		this.statusReason = decision.reason();
		this.decidedAt = now;
		this.updatedAt = now;
		record(new Event(now, to.name(), by, decision.reason()));
		queue(message(Message.Kind.STATUS, statusPath(), new StatusMessage(this.escalationId.value(), node.id().value(),
				to.name(), decision.reason(), this.incidentRef, now), now, node), now);
	}

	// --- either side
	// --------------------------------------------------------------------

	/** Either side closes an escalation it has finished with; the other side is told. */
	public void close(@Nullable String why, String by, Instant now, ThisNode node) {
		if (this.status.rank() < EscalationStatus.ACKNOWLEDGED.rank() || this.status.isFinal()) {
			throw new TransitionNotAllowed(
					"Escalation is " + this.status + "; only an acknowledged, accepted or declined one can be closed");
		}
		this.status = EscalationStatus.CLOSED;
		this.statusReason = why;
		this.updatedAt = now;
		record(new Event(now, EscalationStatus.CLOSED.name(), by, why));
		queue(message(Message.Kind.STATUS, statusPath(), new StatusMessage(this.escalationId.value(), node.id().value(),
				EscalationStatus.CLOSED.name(), why, null, now), now, node), now);
	}

	/** Shares a note with the partner; the author's name stays on this node. */
	public void addNote(String text, String by, Instant now, ThisNode node) {
		if (this.status == EscalationStatus.BLOCKED || this.status == EscalationStatus.FAILED
				|| this.status == EscalationStatus.CLOSED || this.status == EscalationStatus.WITHDRAWN) {
			throw new TransitionNotAllowed("Escalation is " + this.status + "; no notes go to the partner");
		}
		String noteId = UUID.randomUUID().toString();
		this.updatedAt = now;
		this.notes = append(this.notes, new ExchangedNote(noteId, now, node.id().value(), by, text));
		record(new Event(now, "note shared", by, null));
		queue(message(Message.Kind.NOTE, "escalations/" + this.escalationId.value() + "/notes",
				new NoteMessage(this.escalationId.value(), node.id().value(), noteId, now, text), now, node), now);
	}

	/**
	 * The partner moved the escalation on. Only forward: a repeat, or a status older than
	 * the one this node has, changes nothing.
	 * @throws InvalidEscalation when the partner may not set this status: the receiver
	 * reports acknowledgement, decision and closing; the sender only closing
	 */
	public void statusReceived(EscalationStatus reported, StatusMessage message, Instant now) {
		boolean allowed = isOutbound() ? REPORTED_BY_RECEIVER.contains(reported) : reported == EscalationStatus.CLOSED;
		if (!allowed) {
			throw new InvalidEscalation("status", "a partner cannot set an escalation it "
					+ (isOutbound() ? "received" : "sent") + " to " + reported);
		}
		if (this.status.isFinal() || reported.rank() <= this.status.rank()) {
			return;
		}
		this.status = reported;
		this.statusReason = message.reason();
		this.updatedAt = now;
		record(new Event(now, reported.name(), this.peer.value(), message.reason()));
		if (reported == EscalationStatus.ACCEPTED || reported == EscalationStatus.DECLINED) {
			this.decidedAt = message.at();
		}
		if (this.acknowledgedAt == null) {
			this.acknowledgedAt = message.at();
		}
		if (message.linkedRef() != null && isOutbound()) {
			this.partnerRef = message.linkedRef();
		}
	}

	/** A note from the partner; the same note received again is kept once. */
	public void noteReceived(NoteMessage message, Instant now) {
		if (this.notes.stream().anyMatch((note) -> note.id().equals(message.noteId()))) {
			return;
		}
		this.updatedAt = now;
		this.notes = append(this.notes,
				new ExchangedNote(message.noteId(), message.at(), this.peer.value(), null, message.text()));
		record(new Event(now, "note received", this.peer.value(), null));
	}

	/**
	 * @return what the partner is late with under the response SLA at {@code now}:
	 * {@code acknowledgement}, {@code decision}
	 */
	public List<String> overdue(Instant now) {
		List<String> late = new ArrayList<>();
		boolean open = !this.status.isFinal();
		if (open && this.status.rank() < EscalationStatus.ACKNOWLEDGED.rank() && this.ackDueAt.isBefore(now)) {
			late.add("acknowledgement");
		}
		if (open && this.status.rank() < EscalationStatus.ACCEPTED.rank() && this.decisionDueAt.isBefore(now)) {
			late.add("decision");
		}
		return List.copyOf(late);
	}

	/**
	 * @return whether {@code sender} may speak about this escalation: the partner it was
	 * sent to, or the one that sent it
	 */
	public boolean isPartner(NodeId sender) {
		return this.peer.equals(sender);
	}

	/**
	 * @return the answer to a partner's message: where the escalation stands here
	 */
	public Receipt receipt() {
		return new Receipt(this.escalationId.value(), this.status.name(),
				isOutbound() ? this.partnerRef : this.incidentRef, this.acknowledgedAt);
	}

	// --- helpers
	// ------------------------------------------------------------------------

	private void queue(Message message, Instant now) {
		this.outbox = append(this.outbox, message);
		this.pending = this.pending + 1;
		if (this.nextAttemptAt == null) {
			this.nextAttemptAt = now;
		}
	}

	private void takeFirst(Message message) {
		if (this.outbox.isEmpty() || !this.outbox.get(0).id().equals(message.id())) {
			throw new IllegalStateException("message " + message.id() + " is not the first in the outbox");
		}
		this.outbox = List.copyOf(this.outbox.subList(1, this.outbox.size()));
		this.pending = this.pending - 1;
		this.taken++;
	}

	private void record(Event... events) {
		List<Event> longer = new ArrayList<>(this.timeline);
		longer.addAll(List.of(events));
		this.timeline = List.copyOf(longer);
	}

	private static <T> List<T> append(List<T> list, T item) {
		List<T> longer = new ArrayList<>(list);
		longer.add(item);
		return List.copyOf(longer);
	}

	private String statusPath() {
		return "escalations/" + this.escalationId.value() + "/status";
	}

	private static Message message(Message.Kind kind, String path, Object body, Instant now, ThisNode node) {
		return new Message(UUID.randomUUID().toString(), kind, path, node.json(body), now, null);
	}

	// --- what the store writes
	// ----------------------------------------------------------

	/** As read, to compare with; null for one not stored yet. */
	@Nullable Escalation stored() {
		return this.stored;
	}

	int taken() {
		return this.taken;
	}

	boolean outboxCleared() {
		return this.outboxCleared;
	}

	boolean pendingReset() {
		return this.pendingReset;
	}

	// --- reading
	// ------------------------------------------------------------------------

	public boolean isOutbound() {
		return this.direction == Direction.OUTBOUND;
	}

	public EscalationKey key() {
		return this.key;
	}

	public EscalationId escalationId() {
		return this.escalationId;
	}

	public Direction direction() {
		return this.direction;
	}

	public NodeId peer() {
		return this.peer;
	}

	public @Nullable IncidentId incidentId() {
		return this.incidentId;
	}

	public @Nullable String incidentRef() {
		return this.incidentRef;
	}

	public @Nullable String partnerRef() {
		return this.partnerRef;
	}

	public String requestedBy() {
		return this.requestedBy;
	}

	public String reason() {
		return this.reason;
	}

	public Severity severity() {
		return this.severity;
	}

	public EscalationStatus status() {
		return this.status;
	}

	public @Nullable String statusReason() {
		return this.statusReason;
	}

	public @Nullable BorderRule blockedRule() {
		return this.blockedRule;
	}

	public @Nullable Snapshot snapshot() {
		return this.snapshot;
	}

	public List<Redaction> redactions() {
		return this.redactions;
	}

	public @Nullable Downgrade downgrade() {
		return this.downgrade;
	}

	/**
	 * @return the TLP the incident was raised to after it was shared, null while it was
	 * not
	 */
	public @Nullable Tlp tlpRaisedTo() {
		return this.tlpRaisedTo;
	}

	/**
	 * @return the incident's TLP as the two nodes last agreed on it: the last raise, else
	 * its own TLP when it was shared (before any downgrade at the border); null for one
	 * that never left
	 */
	public @Nullable Tlp tlpAsShared() {
		if (this.tlpRaisedTo != null) {
			return this.tlpRaisedTo;
		}
		if (this.snapshot == null) {
			return null;
		}
		return Tlp.of((this.downgrade != null) ? this.downgrade.from() : this.snapshot.tlp());
	}

	public List<ExchangedNote> notes() {
		return this.notes;
	}

	public List<Event> timeline() {
		return this.timeline;
	}

	public List<Message> outbox() {
		return this.outbox;
	}

	public int pending() {
		return this.pending;
	}

	public int attempts() {
		return this.attempts;
	}

	public @Nullable Instant nextAttemptAt() {
		return this.nextAttemptAt;
	}

	public @Nullable String lastError() {
		return this.lastError;
	}

	public @Nullable String leaseOwner() {
		return this.leaseOwner;
	}

	public @Nullable Instant leaseUntil() {
		return this.leaseUntil;
	}

	public Instant createdAt() {
		return this.createdAt;
	}

	public Instant updatedAt() {
		return this.updatedAt;
	}

	public @Nullable Instant acknowledgedAt() {
		return this.acknowledgedAt;
	}

	public @Nullable Instant decidedAt() {
		return this.decidedAt;
	}

	public Instant ackDueAt() {
		return this.ackDueAt;
	}

	public Instant decisionDueAt() {
		return this.decisionDueAt;
	}

	public long revision() {
		return this.revision;
	}

}
