package org.caduceus.contacts.partner;

import java.time.Instant;

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
 */
@Document(PartnerTeam.COLLECTION)
public record PartnerTeam(@Id String id, String country, String publicKey, String fingerprint, String pinnedBy,
		Instant pinnedAt, @Nullable ReceivedCard card) {

	static final String COLLECTION = "partner_teams";

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
