package org.caduceus.escalation.intake;

import java.time.Instant;
import java.util.List;

import org.caduceus.escalation.border.Snapshot;
import org.caduceus.intakecontract.InboundIncident;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IntakeClientTests {

	private static final Instant AWARE = Instant.parse("2026-11-23T06:30:00Z");

	@Test
	void filesEveryFieldThePartnerSharedUnderItsReference() {
		Snapshot snapshot = new Snapshot("DE-2026-000042", "Ransomware on PACS", "Encrypted archive", "malicious-code",
				"infected-system", List.of("diagnostics-imaging"), "pacs", "rsit-1003", "amber", "green", "critical",
				"potential", "diverted",
				new Snapshot.SharedReporter("St. Example Hospital", "healthcare-provider",
						new Snapshot.SharedContact("Jane Example", "ciso@hospital.example", "+31 20 555 0100"), true),
				List.of(new Snapshot.SharedObservable("ipv4", "203.0.113.9")), AWARE.minusSeconds(600),
				AWARE.minusSeconds(60), AWARE, List.of(new Snapshot.SharedNote(AWARE, "C2 found", "amber")),
				List.of("nl-z-cert"));
		assertThat(IntakeClient.inbound(snapshot))
			.isEqualTo(new InboundIncident("DE-2026-000042",
					new InboundIncident.Shared("Ransomware on PACS", "Encrypted archive", "malicious-code",
							"infected-system", List.of("diagnostics-imaging"), "pacs", "amber", "green", "critical",
							"potential", "diverted",
							new InboundIncident.Reporter("St. Example Hospital", "healthcare-provider",
									new InboundIncident.Contact("Jane Example", "ciso@hospital.example",
											"+31 20 555 0100"),
									true),
							List.of(new InboundIncident.Observable("ipv4", "203.0.113.9")), AWARE.minusSeconds(600),
							AWARE.minusSeconds(60), AWARE)));
	}

	@Test
	void leavesAbsentWhatThePartnerDidNotShare() {
		Snapshot snapshot = new Snapshot("DE-2026-000042", "Ransomware on PACS", null, "malicious-code",
				"infected-system", null, null, null, "green", null, "low", null, null,
				new Snapshot.SharedReporter("St. Example Hospital", null, null, false), null, null, null, null, null,
				null);
		InboundIncident.Shared shared = IntakeClient.inbound(snapshot).incident();
		assertThat(shared.reporter().contact()).isNull();
		assertThat(shared.observables()).isNull();
		assertThat(shared.careServices()).isNull();
		assertThat(shared.awareAt()).isNull();
	}

}
