package org.caduceus.partnerapi.taxii;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A partner's API key as stored: never the key itself, only its SHA-256 (the key holds
 * 256 random bits, so a fast hash cannot be reversed by guessing).
 *
 * @param id the key's public id (the part of the key before its secret)
 * @param partner the partner it was issued to
 * @param description what it is for
 * @param collections the aliases of the collections it opens
 * @param canWrite whether it may add objects to them
 * @param hash hex SHA-256 of the whole key
 * @param createdAt when it was issued
 * @param createdBy the admin who issued it
 * @param expiresAt when it stops working
 * @param revokedAt when an admin revoked it, if they did
 * @param lastUsedAt when it last opened the API (to the minute)
 */
@Document("api_keys")
record ApiKey(@Id String id, String partner, String description, List<String> collections, boolean canWrite,
		String hash, Instant createdAt, String createdBy, Instant expiresAt, @Nullable Instant revokedAt,
		@Nullable Instant lastUsedAt) {

	/**
	 * @return active, expired or revoked, at {@code now}
	 */
	String state(Instant now) {
		if (this.revokedAt != null) {
			return "revoked";
		}
		return now.isBefore(this.expiresAt) ? "active" : "expired";
	}

}
