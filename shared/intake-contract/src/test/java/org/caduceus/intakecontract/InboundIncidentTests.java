package org.caduceus.intakecontract;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class InboundIncidentTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void leavesOutWhatThePartnerDidNotShareInTheOrderIntakeDocumentsIt() {
		InboundIncident inbound = new InboundIncident("DE-2026-000042",
				new InboundIncident.Shared("Ransomware on PACS", null, "malicious-code", "infected-system", List.of(),
						null, "amber", null, "high", null, null,
						new InboundIncident.Reporter("St. Example Hospital", null,
								new InboundIncident.Contact(null, "ciso@hospital.example", null), true),
						List.of(new InboundIncident.Observable("ipv4", "203.0.113.9")), null, null,
						Instant.parse("2026-11-23T06:30:00Z")));
		assertThat(this.json.writeValueAsString(inbound)).isEqualTo("{\"partnerRef\":\"DE-2026-000042\",\"incident\":{"
				+ "\"title\":\"Ransomware on PACS\",\"rsitClass\":\"malicious-code\",\"rsitType\":\"infected-system\","
				+ "\"careServices\":[],\"tlp\":\"amber\",\"severity\":\"high\",\"reporter\":{\"organisation\":"
				+ "\"St. Example Hospital\",\"contact\":{\"email\":\"ciso@hospital.example\"},\"consentToShare\":true},"
				+ "\"observables\":[{\"type\":\"ipv4\",\"value\":\"203.0.113.9\"}],\"awareAt\":\"2026-11-23T06:30:00Z\"}}");
	}

	@Test
	void neverPrintsTheContactPerson() {
		assertThat(new InboundIncident.Contact("Jane Example", "ciso@hospital.example", "+31 20 555 0100"))
			.hasToString("Contact[personal data withheld]");
	}

}
