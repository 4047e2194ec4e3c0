package org.caduceus.contacts.partner;

import java.time.Instant;
import java.util.List;

import org.caduceus.contacts.card.TeamCard;
import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A partner team whose key an admin pinned after checking its fingerprint out of band,
 * and the last card it sent.
 *
 * @param id the partner's id: its node id, or a name for a CERT without a node
 * @param country its country
 * @param publicKey its OpenPGP public key, armored
 * @param fingerprint the pinned fingerprint (40 upper-case hex digits)
 * @param pinnedBy the admin who pinned it
 * @param pinnedAt when
 * @param card the last card received from it, verified against the pinned key
 * @param pendingKey a new key waiting for an admin's out-of-band confirmation
 * @param keyDecisions every decision on its keys, oldest first
 */
@Document(PartnerTeam.COLLECTION)
public record PartnerTeam(@Id String id, String country, String publicKey, String fingerprint, String pinnedBy,
		Instant pinnedAt, @Nullable ReceivedCard card, @Nullable PendingKey pendingKey,
		List<KeyDecision> keyDecisions) {

	static final String COLLECTION = "partner_teams";

	public PartnerTeam {
		keyDecisions = (keyDecisions != null) ? List.copyOf(keyDecisions) : List.of();
	}

	PartnerTeam withCard(ReceivedCard received) {
		return new PartnerTeam(this.id, this.country, this.publicKey, this.fingerprint, this.pinnedBy, this.pinnedAt,
				received, this.pendingKey, this.keyDecisions);
	}

	/** The same partner with {@code decision} recorded and its keys as given. */
	PartnerTeam withKeys(String publicKey, String fingerprint, @Nullable PendingKey pending, KeyDecision decision) {
		List<KeyDecision> decisions = new java.util.ArrayList<>(this.keyDecisions);
		decisions.add(decision);
		return new PartnerTeam(this.id, this.country, publicKey, fingerprint, this.pinnedBy, this.pinnedAt, this.card,
				pending, decisions);
	}

	/**
	 * A new key that was not certified by the pinned one.
	 *
	 * @param publicKey armored
	 * @param fingerprint its fingerprint
	 * @param receivedAt when it was presented
	 * @param receivedBy by which admin
	 */
	public record PendingKey(String publicKey, String fingerprint, Instant receivedAt, String receivedBy) {
	}

	/**
	 * A decision on a partner's key.
	 *
	 * @param at when
	 * @param by who (an admin)
	 * @param from the fingerprint pinned before
	 * @param to the fingerprint presented
	 * @param decision {@code ACCEPTED} (certified by the pinned key), {@code QUARANTINED}
	 * (not certified), {@code CONFIRMED} (an admin confirmed it out of band)
	 * @param reason in words
	 */
	public record KeyDecision(Instant at, String by, String from, String to, String decision, String reason) {
	}

	/**
	 * A card as received.
	 *
	 * @param publicPart its public part
	 * @param confidential its confidential part (personal data)
	 * @param cardVersion the sender's version of it
	 * @param sentAt when the sender sealed it
	 * @param receivedAt when it arrived here
	 * @param via {@code import} (armored, e.g. from e-mail) or {@code federation}
	 * @param receivedBy who brought it in
	 */
	public record ReceivedCard(TeamCard.PublicPart publicPart, TeamCard.Confidential confidential, long cardVersion,
			Instant sentAt, Instant receivedAt, String via, String receivedBy) {
	}

}
