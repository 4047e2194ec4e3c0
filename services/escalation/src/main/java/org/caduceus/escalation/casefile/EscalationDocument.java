package org.caduceus.escalation.casefile;

import java.time.Instant;
import java.util.List;

import org.caduceus.escalation.border.Downgrade;
import org.caduceus.escalation.border.Redaction;
import org.caduceus.escalation.border.Snapshot;
import org.caduceus.escalation.casefile.Escalation.Direction;
import org.caduceus.escalation.casefile.Escalation.Event;
import org.caduceus.escalation.casefile.Escalation.ExchangedNote;
import org.caduceus.escalation.casefile.Escalation.Message;
import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An escalation as stored, field for field as every version of this service wrote it:
 * ids, severity, border rule and raised TLP as their text (the raised TLP absent from
 * those written before TLP raises were sent). {@code tlpWatched} is derived, never read
 * back: whether the TLP watch sweeps it ({@link Escalation#tlpWatched()}), written with
 * every write so its index holds only what a sweep must read (absent from those written
 * before it was kept until the store sets it at start). Only {@link EscalationStore}
 * reads and writes it.
 */
@Document(EscalationStore.COLLECTION)
record EscalationDocument(@Id String id, String escalationId, Direction direction, String peerNode,
		@Nullable String incidentId, @Nullable String incidentRef, @Nullable String partnerRef, String requestedBy,
		String reason, String severity, EscalationStatus status, @Nullable String statusReason,
		@Nullable String blockedRule, @Nullable Snapshot snapshot, List<Redaction> redactions,
		@Nullable Downgrade downgrade, @Nullable String tlpRaisedTo, List<ExchangedNote> notes, List<Event> timeline,
		List<Message> outbox, int pending, int attempts, @Nullable Instant nextAttemptAt, @Nullable String lastError,
		@Nullable String leaseOwner, @Nullable Instant leaseUntil, Instant createdAt, Instant updatedAt,
		@Nullable Instant acknowledgedAt, @Nullable Instant decidedAt, Instant ackDueAt, Instant decisionDueAt,
		long revision, @Nullable Boolean tlpWatched) {

	static EscalationDocument of(Escalation escalation) {
		return new EscalationDocument(escalation.key().value(), escalation.escalationId().value(),
				escalation.direction(), escalation.peer().value(),
				(escalation.incidentId() != null) ? escalation.incidentId().value() : null, escalation.incidentRef(),
				escalation.partnerRef(), escalation.requestedBy(), escalation.reason(), escalation.severity().code(),
				escalation.status(), escalation.statusReason(),
				(escalation.blockedRule() != null) ? escalation.blockedRule().slug() : null, escalation.snapshot(),
				escalation.redactions(), escalation.downgrade(),
				(escalation.tlpRaisedTo() != null) ? escalation.tlpRaisedTo().code() : null, escalation.notes(),
				escalation.timeline(), escalation.outbox(), escalation.pending(), escalation.attempts(),
				escalation.nextAttemptAt(), escalation.lastError(), escalation.leaseOwner(), escalation.leaseUntil(),
				escalation.createdAt(), escalation.updatedAt(), escalation.acknowledgedAt(), escalation.decidedAt(),
				escalation.ackDueAt(), escalation.decisionDueAt(), escalation.revision(), escalation.tlpWatched());
	}

	Escalation toEscalation() {
		return new Escalation(new EscalationKey(this.id), EscalationId.of(this.escalationId), this.direction,
				NodeId.of(this.peerNode), (this.incidentId != null) ? IncidentId.of(this.incidentId) : null,
				this.incidentRef, this.partnerRef, this.requestedBy, this.reason,
				org.caduceus.taxonomy.Severity.of(this.severity), this.status, this.statusReason,
				(this.blockedRule != null) ? org.caduceus.escalation.border.BorderRule.ofSlug(this.blockedRule) : null,
				this.snapshot, orEmpty(this.redactions), this.downgrade,
				(this.tlpRaisedTo != null) ? org.caduceus.taxonomy.Tlp.of(this.tlpRaisedTo) : null, orEmpty(this.notes),
				orEmpty(this.timeline), orEmpty(this.outbox), this.pending, this.attempts, this.nextAttemptAt,
				this.lastError, this.leaseOwner, this.leaseUntil, this.createdAt, this.updatedAt, this.acknowledgedAt,
				this.decidedAt, this.ackDueAt, this.decisionDueAt, this.revision, true);
	}

	private static <T> List<T> orEmpty(@Nullable List<T> list) {
		return (list != null) ? list : List.of();
	}

}
