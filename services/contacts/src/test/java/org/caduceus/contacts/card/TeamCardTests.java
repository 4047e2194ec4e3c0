package org.caduceus.contacts.card;

import java.time.Instant;
import java.util.List;

import org.caduceus.contacts.card.CardProblems.VersionMismatch;
import org.caduceus.contacts.card.TeamCard.Confidential;
import org.caduceus.contacts.card.TeamCard.FieldChange;
import org.caduceus.contacts.card.TeamCard.PublicPart;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The card keeps its own versions and history: stale changes refused, personal values
 * never in the history.
 */
class TeamCardTests {

	static final Instant AT = Instant.parse("2026-11-24T03:00:00Z");

	static final Confidential CONFIDENTIAL = new Confidential("+31 70 555 0199", "emergency@z-cert.example", List.of());

	@Test
	void theFirstVersionRecordsEveryFieldAndNoPersonalValue() {
		TeamCard card = TeamCard.first(publicPart("Z-CERT"), CONFIDENTIAL, AT, "root");
		assertThat(card.version()).isEqualTo(1);
		assertThat(card.updatedBy()).isEqualTo("root");
		assertThat(card.history()).hasSize(1);
		List<FieldChange> changes = card.history().get(0).changes();
		assertThat(changes).contains(new FieldChange("teamName", null, "Z-CERT"),
				new FieldChange("confidential.phone24x7", null, "(personal data)"));
		assertThat(changes.toString()).doesNotContain("555 0199", "emergency@");
	}

	@Test
	void aRewriteRecordsOnlyWhatChanged() {
		TeamCard card = TeamCard.first(publicPart("Z-CERT"), CONFIDENTIAL, AT, "root")
			.rewrite(1, publicPart("Z-CERT health"), CONFIDENTIAL, AT.plusSeconds(1), "admin");
		assertThat(card.version()).isEqualTo(2);
		assertThat(card.updatedBy()).isEqualTo("admin");
		assertThat(card.history()).hasSize(2);
		assertThat(card.history().get(1).changes())
			.containsExactly(new FieldChange("teamName", "Z-CERT", "Z-CERT health"));
	}

	@Test
	void aRewriteFromAnotherVersionIsRefusedAsStale() {
		TeamCard card = TeamCard.first(publicPart("Z-CERT"), CONFIDENTIAL, AT, "root");
		VersionMismatch stale = catchThrowableOfType(VersionMismatch.class,
				() -> card.rewrite(2, publicPart("stale"), CONFIDENTIAL, AT, "root"));
		assertThat(stale.missing()).isFalse();
		assertThat(stale).hasMessageContaining("now at version 1");
	}

	@Test
	void theHistoryKeepsTheNewestEntries() {
		TeamCard card = TeamCard.first(publicPart("v1"), CONFIDENTIAL, AT, "root");
		for (int i = 2; i <= TeamCard.MAX_HISTORY + 5; i++) {
			card = card.rewrite(card.version(), publicPart("v" + i), CONFIDENTIAL, AT, "root");
		}
		assertThat(card.history()).hasSize(TeamCard.MAX_HISTORY);
		assertThat(card.history().get(0).version()).isEqualTo(6);
		assertThat(card.history().get(TeamCard.MAX_HISTORY - 1).version()).isEqualTo(card.version());
	}

	private static PublicPart publicPart(String teamName) {
		return new PublicPart(teamName, "NL", "Dutch hospitals", "health", null, null, "F1NGERPR1NT");
	}

}
