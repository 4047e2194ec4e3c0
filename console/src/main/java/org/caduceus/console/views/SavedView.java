package org.caduceus.console.views;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A named filter of the incident list, one user's own.
 *
 * @param id random, as the page links it
 * @param user whose it is
 * @param name what the user called it
 * @param query the list's filters, form-encoded, only the names the list knows
 * @param createdAt when it was saved
 */
@Document("saved_views")
public record SavedView(@Id String id, String user, String name, String query, Instant createdAt) {
}
