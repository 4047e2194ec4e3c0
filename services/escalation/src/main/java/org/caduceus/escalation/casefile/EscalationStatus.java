package org.caduceus.escalation.casefile;

import java.util.Locale;

/**
 * An escalation's status. Statuses only move forward ({@link #rank()}): a message that
 * arrives late or twice never moves an escalation back.
 */
public enum EscalationStatus {

	/** Waiting in the outbox for delivery. */
	QUEUED(0),
	/** The partner's node received it. */
	DELIVERED(1),
	/** The partner's node filed it as a linked incident. */
	ACKNOWLEDGED(2),
	/** The partner's coordinator took it on. */
	ACCEPTED(3),
	/** The partner's coordinator declined it, with a reason. */
	DECLINED(3),
	/** Finished. */
	CLOSED(4),
	/** Refused at the border by policy; nothing left the node. */
	BLOCKED(9),
	/** Could not be delivered before retries ran out. */
	FAILED(9),
	/**
	 * Withdrawn by a coordinator of the sending node: nothing more leaves for it (the
	 * partner was told, if it had received it).
	 */
	WITHDRAWN(9);

	private final int rank;

	EscalationStatus(int rank) {
		this.rank = rank;
	}

	public int rank() {
		return this.rank;
	}

	public boolean isFinal() {
		return this.rank == 9 || this == CLOSED;
	}

	/**
	 * @throws InvalidEscalation naming the statuses
	 */
	public static EscalationStatus of(String field, String text) {
		try {
			return valueOf(text.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEscalation(field, "unknown status '" + text + "'; one of QUEUED, DELIVERED, ACKNOWLEDGED,"
					+ " ACCEPTED, DECLINED, CLOSED, BLOCKED, FAILED, WITHDRAWN");
		}
	}

}
