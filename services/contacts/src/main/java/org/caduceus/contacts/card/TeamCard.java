package org.caduceus.contacts.card;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.caduceus.contacts.card.CardProblems.VersionMismatch;
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

	private static final String PERSONAL = "(personal data)";

	/**
	 * The card's first version, written by {@code by}.
	 */
	static TeamCard first(PublicPart publicPart, Confidential confidential, Instant at, String by) {
		return new TeamCard(OWN, 1, publicPart, confidential, at, by,
				List.of(new Change(1, at, by, diff(null, publicPart, confidential))));
	}

	/**
	 * The next version, made from version {@code expected}: refused as stale when this
	 * card is at another version. The change is recorded, the oldest history entries go
	 * beyond {@link #MAX_HISTORY}.
	 */
	TeamCard rewrite(long expected, PublicPart publicPart, Confidential confidential, Instant at, String by) {
		if (this.version != expected) {
			throw stale(this.version);
		}
		List<Change> changes = new ArrayList<>(this.history);
		changes.add(new Change(expected + 1, at, by, diff(this, publicPart, confidential)));
		while (changes.size() > MAX_HISTORY) {
			changes.remove(0);
		}
		return new TeamCard(OWN, expected + 1, publicPart, confidential, at, by, changes);
	}

	static VersionMismatch stale(long current) {
		return new VersionMismatch(false, "The card changed meanwhile; it is now at version " + current);
	}

	/** What changed: public fields with their values, confidential ones without. */
	private static List<FieldChange> diff(@Nullable TeamCard before, PublicPart publicPart, Confidential confidential) {
		List<FieldChange> changes = new ArrayList<>();
		PublicPart old = (before != null) ? before.publicPart() : null;
		field(changes, "teamName", (old != null) ? old.teamName() : null, publicPart.teamName());
		field(changes, "country", (old != null) ? old.country() : null, publicPart.country());
		field(changes, "constituency", (old != null) ? old.constituency() : null, publicPart.constituency());
		field(changes, "sector", (old != null) ? old.sector() : null, publicPart.sector());
		field(changes, "website", (old != null) ? old.website() : null, publicPart.website());
		field(changes, "rfc2350Url", (old != null) ? old.rfc2350Url() : null, publicPart.rfc2350Url());
		field(changes, "fingerprint", (old != null) ? old.fingerprint() : null, publicPart.fingerprint());
		Confidential was = (before != null) ? before.confidential() : null;
		personal(changes, "confidential.phone24x7", (was != null) ? was.phone24x7() : null, confidential.phone24x7());
		personal(changes, "confidential.emergencyEmail", (was != null) ? was.emergencyEmail() : null,
				confidential.emergencyEmail());
		personal(changes, "confidential.onCall", (was != null) ? was.onCall() : null, confidential.onCall());
		return changes;
	}

	private static void field(List<FieldChange> changes, String name, @Nullable String from, @Nullable String to) {
		if (!Objects.equals(from, to)) {
			changes.add(new FieldChange(name, from, to));
		}
	}

	private static void personal(List<FieldChange> changes, String name, @Nullable Object from, Object to) {
		if (!Objects.equals(from, to)) {
			changes.add(new FieldChange(name, (from != null) ? PERSONAL : null, PERSONAL));
		}
	}

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
