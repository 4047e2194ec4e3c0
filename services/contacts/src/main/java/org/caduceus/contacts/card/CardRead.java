package org.caduceus.contacts.card;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * Someone read the card's confidential part: recorded before it is shown.
 *
 * @param id unique
 * @param at when
 * @param user who
 * @param roles with which roles
 * @param cardVersion which version of the card they saw
 */
@Document(CardRead.COLLECTION)
public record CardRead(@Id String id, Instant at, String user, List<String> roles, long cardVersion) {

	static final String COLLECTION = "card_reads";

}
