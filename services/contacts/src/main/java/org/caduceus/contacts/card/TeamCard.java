package org.caduceus.contacts.card;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The node's own team card, one document: its public part, its confidential part, and the
 * history of every change, so that a change and its history entry are one write.
 *
 * @param id always {@link #OWN}
 * @param version incremented by every change; the ETag
 * @param publicPart what anyone in the node, and every partner, may read
 * @param confidential personal data: shared only in a sealed exchange
 * @param updatedAt last change
 * @param updatedBy the admin who made it
 * @param history every change, oldest first
 */
@Document(TeamCard.COLLECTION)
public record TeamCard(@Id String id, long version, PublicPart publicPart, Confidential confidential, Instant updatedAt,
		String updatedBy, List<Change> history) {

	static final String COLLECTION = "team_card";

	/** The id of the node's own card, also used in read records. */
	public static final String OWN = "own";

	/** History entries kept; the oldest go first. */
	static final int MAX_HISTORY = 500;

	/**
	 * @param teamName e.g. Z-CERT
	 * @param country ISO 3166-1 alpha-2
	 * @param constituency whom the team serves
	 * @param sector e.g. health
	 * @param website the team's web site
	 * @param rfc2350Url its RFC 2350 description
	 * @param fingerprint the team key's OpenPGP fingerprint (set by the node, not edited)
	 */
	public record PublicPart(String teamName, String country, String constituency, String sector,
			@Nullable String website, @Nullable String rfc2350Url, String fingerprint) {
	}

	/**
	 * Personal data; never printed.
	 *
	 * @param phone24x7 the 24/7 number
	 * @param emergencyEmail the emergency address
	 * @param onCall who is on call, and when
	 */
	public record Confidential(String phone24x7, String emergencyEmail, List<OnCall> onCall) {

		@Override
		public String toString() {
			return "Confidential[personal data withheld]";
		}

	}

	/** An on-call person; personal data, never printed. */
	public record OnCall(String name, @Nullable String phone, @Nullable String email, String hours) {

		@Override
		public String toString() {
			return "OnCall[personal data withheld]";
		}

	}

	/**
	 * One change of the card.
	 *
	 * @param version the version it made
	 * @param at when
	 * @param by which admin
	 * @param changes what changed; confidential fields without their values
	 */
	public record Change(long version, Instant at, String by, List<FieldChange> changes) {
	}

	/**
	 * A field that changed: public fields with both values, confidential ones without.
	 */
	public record FieldChange(String field, @Nullable String from, @Nullable String to) {
	}

}
