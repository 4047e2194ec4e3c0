package org.caduceus.contacts.partner;

import java.time.Instant;

import org.caduceus.contacts.partner.PartnerProblems.InvalidPartnerData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A card request is decided once: approved when the card arrived, or declined. */
class CardRequestTests {

	static final Instant AT = Instant.parse("2026-11-24T03:00:00Z");

	@Test
	void anIncomingRequestWaitsForAnAdmin() {
		CardRequest request = CardRequest.incoming("de-cert", "r-1", "joint exercise", AT);
		assertThat(request.id()).isEqualTo("de-cert:r-1");
		assertThat(request.isIncoming()).isTrue();
		assertThat(request.status()).isEqualTo("PENDING");
		assertThat(request.by()).isEqualTo("node.de-cert");
		assertThat(request.stillPending()).isSameAs(request);
	}

	@Test
	void aDeclinedRequestIsNotDecidedAgain() {
		CardRequest declined = CardRequest.incoming("de-cert", "r-1", "joint exercise", AT)
			.declined("not now", AT.plusSeconds(60), "root");
		assertThat(declined.status()).isEqualTo("DECLINED");
		assertThat(declined.decidedBy()).isEqualTo("root");
		assertThat(declined.decidedAt()).isEqualTo(AT.plusSeconds(60));
		assertThat(declined.detail()).isEqualTo("not now");
		InvalidPartnerData again = catchThrowableOfType(InvalidPartnerData.class,
				() -> declined.approved(true, null, AT, "root"));
		assertThat(again.slug()).isEqualTo("request-decided");
		assertThat(again).hasMessageContaining("DECLINED");
	}

	@Test
	void anApprovalWhoseCardDidNotArriveStaysPendingWithTheReason() {
		CardRequest request = CardRequest.incoming("de-cert", "r-1", "joint exercise", AT);
		CardRequest failed = request.approved(false, "HTTP 502", AT, "root");
		assertThat(failed.status()).isEqualTo("PENDING");
		assertThat(failed.detail()).isEqualTo("HTTP 502");
		CardRequest approved = failed.approved(true, null, AT.plusSeconds(5), "root");
		assertThat(approved.status()).isEqualTo("APPROVED");
		assertThat(catchThrowableOfType(InvalidPartnerData.class, () -> approved.declined("late", AT, "root")))
			.isNotNull();
	}

	@Test
	void itsSenderSeesWhatItAskedAndWhereItStandsButNotWhoDecidedWhenNorWhy() {
		CardRequest declined = CardRequest.incoming("de-cert", "r-1", "joint exercise", AT)
			.declined("their constituency overlaps with ours", AT.plusSeconds(60), "dora.admin");
		CardRequest seen = declined.asSeenByItsSender();
		assertThat(seen).isEqualTo(new CardRequest("de-cert:r-1", "INCOMING", "de-cert", "joint exercise", "DECLINED",
				AT, "node.de-cert", null, null, null));
		CardRequest failed = CardRequest.incoming("de-cert", "r-1", "joint exercise", AT)
			.approved(false, "HTTP 502 from de-cert's gateway", AT, "root")
			.asSeenByItsSender();
		assertThat(failed.status()).isEqualTo("PENDING");
		assertThat(failed.detail()).isNull();
		assertThat(failed.decidedBy()).isNull();
	}

	@Test
	void anOutgoingRequestRecordsWhetherThePartnersNodeTookIt() {
		assertThat(CardRequest.outgoing("id", "de-cert", "why", true, "HTTP 201", AT, "carol")).satisfies((sent) -> {
			assertThat(sent.status()).isEqualTo("SENT");
			assertThat(sent.detail()).isNull();
			assertThat(sent.isIncoming()).isFalse();
		});
		assertThat(CardRequest.outgoing("id", "de-cert", "why", false, "HTTP 502", AT, "carol")).satisfies((failed) -> {
			assertThat(failed.status()).isEqualTo("FAILED");
			assertThat(failed.detail()).isEqualTo("HTTP 502");
		});
	}

}
