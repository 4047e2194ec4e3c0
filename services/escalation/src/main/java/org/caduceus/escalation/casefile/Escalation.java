package org.caduceus.escalation.casefile;

import java.time.Instant;
import java.util.List;

import org.caduceus.escalation.border.Downgrade;
import org.caduceus.escalation.border.Redaction;
import org.caduceus.escalation.border.Snapshot;
import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One escalation as this node sees it: sent to a partner (OUTBOUND) or received from one
 * (INBOUND). Its outbox (the messages still to send to the partner, oldest first) and the
 * delivery state live in the same document, so every change of status and every message
 * it causes are one atomic write: nothing is lost between them, with no transaction.
 *
 * @param id this node's id of it: the escalation id for OUTBOUND,
 * {@code <from node>:<escalation id>} for INBOUND
 * @param escalationId the id both nodes share
 * @param direction OUTBOUND or INBOUND
 * @param peerNode the partner node
 * @param incidentId the incident on this node (the source, or the linked one)
 * @param incidentRef its reference
 * @param partnerRef the partner's reference (the sender's, or the linked one's)
 * @param requestedBy the coordinator who escalated (on the sending node)
 * @param reason why it was escalated
 * @param severity the incident's severity, which sets the SLA
 * @param status where it stands
 * @param statusReason why (decline, failure, block)
 * @param blockedRule the border rule that refused it
 * @param snapshot what left the node (OUTBOUND) or arrived (INBOUND), as it was
 * @param redactions what was removed from the snapshot
 * @param downgrade a TLP downgrade applied at the border
 * @param notes shared notes, both ways
 * @param timeline every change, oldest first
 * @param outbox messages still to deliver to the partner, oldest first
 * @param pending how many messages the outbox holds
 * @param attempts failed attempts at the first message of the outbox
 * @param nextAttemptAt when delivery is tried next; null when the outbox is empty
 * @param lastError why the last attempt failed
 * @param leaseOwner the worker that claimed it
 * @param leaseUntil until when that claim holds
 * @param createdAt when it was created on this node
 * @param updatedAt last change
 * @param acknowledgedAt when the receiving node filed it
 * @param decidedAt when the receiving coordinator decided
 * @param ackDueAt when acknowledgement is due under the SLA
 * @param decisionDueAt when a decision is due under the SLA
 * @param revision incremented by every write; guards changes made from a read copy
 */
@Document(EscalationStore.COLLECTION)
public record Escalation(@Id String id, String escalationId, Direction direction, String peerNode,
		@Nullable String incidentId, @Nullable String incidentRef, @Nullable String partnerRef, String requestedBy,
		String reason, String severity, EscalationStatus status, @Nullable String statusReason,
		@Nullable String blockedRule, @Nullable Snapshot snapshot, List<Redaction> redactions,
		@Nullable Downgrade downgrade, List<ExchangedNote> notes, List<Event> timeline, List<Message> outbox,
		int pending, int attempts, @Nullable Instant nextAttemptAt, @Nullable String lastError,
		@Nullable String leaseOwner, @Nullable Instant leaseUntil, Instant createdAt, Instant updatedAt,
		@Nullable Instant acknowledgedAt, @Nullable Instant decidedAt, Instant ackDueAt, Instant decisionDueAt,
		long revision) {

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
	 */
	public record Message(String id, Kind kind, String path, String body, Instant enqueuedAt) {

		/** What a message carries. */
		public enum Kind {

			ESCALATE, STATUS, NOTE

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

	public boolean isOutbound() {
		return this.direction == Direction.OUTBOUND;
	}

}
