package org.caduceus.contacts.card;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * Someone read a card's confidential part, or exported it: recorded before it is shown.
 *
 * @param id unique
 * @param at when
 * @param user who
 * @param roles with which roles
 * @param card whose card: {@code own}, or a partner's id
 * @param cardVersion which version of the card they saw
 * @param purpose {@code read}, or {@code export to <partner>}
 */
@Document(CardRead.COLLECTION)
public record CardRead(@Id String id, Instant at, String user, List<String> roles, String card, long cardVersion,
		String purpose) {

	public static final String COLLECTION = "card_reads";

	/** Records that {@code reader} saw version {@code cardVersion} of {@code card}. */
	public static CardRead of(org.springframework.security.core.Authentication reader, Instant at, String card,
			long cardVersion, String purpose) {
		return new CardRead(java.util.UUID.randomUUID().toString(), at, reader.getName(),
				reader.getAuthorities().stream().map((authority) -> authority.getAuthority()).toList(), card,
				cardVersion, purpose);
	}

}
