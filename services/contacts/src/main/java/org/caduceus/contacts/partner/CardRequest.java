package org.caduceus.contacts.partner;

import java.time.Instant;

import org.caduceus.contacts.partner.PartnerProblems.InvalidPartnerData;
import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A request for a card, sent or received. One that arrives waits, {@code PENDING}, until
 * an admin decides it: {@link #approved} once this node's card was sent (it stays pending
 * when the sending failed), or {@link #declined}; a decided request is not decided again.
 *
 * @param id this node's id of it
 * @param direction {@code OUTGOING} or {@code INCOMING}
 * @param partner the other team
 * @param reason why the card is asked for
 * @param status {@code SENT}, {@code FAILED}, {@code PENDING}, {@code APPROVED} or
 * {@code DECLINED}
 * @param at when it was made or received
 * @param by who made or received it
 * @param decidedBy the admin who approved or declined it
 * @param decidedAt when
 * @param detail a failure or a decline reason
 */
@Document(CardRequest.COLLECTION)
public record CardRequest(@Id String id, String direction, String partner, String reason, String status, Instant at,
		String by, @Nullable String decidedBy, @Nullable Instant decidedAt, @Nullable String detail) {

	static final String COLLECTION = "card_requests";

	static final String PENDING = "PENDING";

	private static final String INCOMING = "INCOMING";

	/**
	 * A request this node sent to {@code partner}.
	 * @param delivered whether the partner's node took it
	 * @param failure why it did not
	 */
	static CardRequest outgoing(String id, String partner, String reason, boolean delivered, @Nullable String failure,
			Instant at, String by) {
		return new CardRequest(id, "OUTGOING", partner, reason, delivered ? "SENT" : "FAILED", at, by, null, null,
				delivered ? null : failure);
	}

	/**
	 * A request that arrived from the node {@code from}; pending until an admin decides.
	 */
	static CardRequest incoming(String from, String requestId, String reason, Instant at) {
		return new CardRequest(incomingId(from, requestId), INCOMING, from, reason, PENDING, at, "node." + from, null,
				null, null);
	}

	/** This node's id of the request {@code requestId} of the node {@code from}. */
	static String incomingId(String from, String requestId) {
		return from + ":" + requestId;
	}

	/**
	 * This request as the partner that sent it may read it, when it sends it again (the
	 * one read a partner node has of this node's requests): what it asked and where it
	 * stands, but not who decided here, when, nor why; a decline reason and a delivery
	 * failure are for this node's admins and auditors.
	 */
	CardRequest asSeenByItsSender() {
		return new CardRequest(this.id, this.direction, this.partner, this.reason, this.status, this.at, this.by, null,
				null, null);
	}

	/** Whether it arrived from a partner (only those are decided here). */
	boolean isIncoming() {
		return INCOMING.equals(this.direction);
	}

	/**
	 * @return this request, when it still waits for a decision
	 */
	CardRequest stillPending() {
		if (!PENDING.equals(this.status)) {
			throw new InvalidPartnerData("request-decided", "id", "the request is " + this.status + " already");
		}
		return this;
	}

	/**
	 * The admin had this node's card sent: approved when the partner's node took it,
	 * still pending (with the reason) when it did not.
	 * @param delivered whether the partner's node took the card
	 * @param detail the partner's answer or the reason
	 */
	CardRequest approved(boolean delivered, @Nullable String detail, Instant at, String by) {
		return decided(delivered ? "APPROVED" : PENDING, at, by, detail);
	}

	/** The admin declined it, for {@code reason}. */
	CardRequest declined(String reason, Instant at, String by) {
		return decided("DECLINED", at, by, reason);
	}

	private CardRequest decided(String status, Instant at, String by, @Nullable String detail) {
		stillPending();
		return new CardRequest(this.id, this.direction, this.partner, this.reason, status, this.at, this.by, by, at,
				detail);
	}

}
