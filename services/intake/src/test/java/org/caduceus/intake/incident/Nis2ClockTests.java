package org.caduceus.intake.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.caduceus.intake.nis2.Nis2Clock;
import org.caduceus.intake.observable.Observable;
import org.caduceus.taxonomy.CareDisruption;
import org.caduceus.taxonomy.Pap;
import org.caduceus.taxonomy.PatientSafetyImpact;
import org.caduceus.taxonomy.Severity;
import org.caduceus.taxonomy.Taxonomy;
import org.caduceus.taxonomy.Tlp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Nis2ClockTests {

	private static final Instant AWARE = Instant.parse("2026-03-01T08:00:00Z");

	@Test
	void anOngoingIncidentOwesAProgressReportAtTheFinalDeadlineAndTheFinalOneMonthAfterItIsHandled() {
		Incident incident = draft(true);
		incident.recordNis2Submission(Nis2Report.EARLY_WARNING, AWARE.plus(Duration.ofHours(3)), null, "a",
				AWARE.plus(Duration.ofHours(3)));
		Instant notified = Instant.parse("2026-03-03T08:00:00Z");
		incident.recordNis2Submission(Nis2Report.NOTIFICATION, notified, null, "a", notified);
		Instant afterDeadline = Instant.parse("2026-04-05T00:00:00Z");
		List<Nis2Clock.Obligation> obligations = Nis2Clock.of(incident, afterDeadline);
		assertThat(obligations).extracting(Nis2Clock.Obligation::report)
			.containsExactly(Nis2Report.EARLY_WARNING, Nis2Report.NOTIFICATION, Nis2Report.PROGRESS, Nis2Report.FINAL);
		assertThat(obligations.get(2).dueAt()).isEqualTo(Instant.parse("2026-04-03T08:00:00Z"));
		assertThat(obligations.get(2).overdue()).isTrue();
		assertThat(obligations.get(3).dueAt()).isNull();
		incident.transition(IncidentStatus.TRIAGED, null, null, "a", afterDeadline);
		incident.transition(IncidentStatus.IN_PROGRESS, null, null, "a", afterDeadline);
		Instant handled = Instant.parse("2026-04-20T12:00:00Z");
		incident.transition(IncidentStatus.RESOLVED, null, null, "a", handled);
		assertThat(Nis2Clock.of(incident, handled).get(3).dueAt()).isEqualTo(Instant.parse("2026-05-20T12:00:00Z"));
	}

	@Test
	void anIncidentHandledBeforeTheDeadlineOwesOnlyTheFinalReport() {
		Incident incident = draft(true);
		incident.recordNis2Submission(Nis2Report.NOTIFICATION, AWARE.plus(Duration.ofHours(48)), null, "a",
				AWARE.plus(Duration.ofHours(48)));
		incident.transition(IncidentStatus.TRIAGED, null, null, "a", AWARE);
		incident.transition(IncidentStatus.IN_PROGRESS, null, null, "a", AWARE);
		incident.transition(IncidentStatus.RESOLVED, null, null, "a", AWARE.plus(Duration.ofDays(5)));
		List<Nis2Clock.Obligation> later = Nis2Clock.of(incident, AWARE.plus(Duration.ofDays(60)));
		assertThat(later).extracting(Nis2Clock.Obligation::report).doesNotContain(Nis2Report.PROGRESS);
		assertThat(later.get(later.size() - 1).dueAt()).isEqualTo(Instant.parse("2026-04-03T08:00:00Z"));
		// the early warning was never recorded
		assertThat(later.get(0).overdue()).isTrue();
	}

	@Test
	void anIncidentThatIsNotSignificantHasNoClockAndTakesNoReports() {
		Incident incident = draft(false);
		assertThat(Nis2Clock.of(incident, AWARE.plus(Duration.ofDays(9)))).isEmpty();
		assertThatThrownBy(() -> incident.recordNis2Submission(Nis2Report.EARLY_WARNING, AWARE, null, "a", AWARE))
			.isInstanceOf(InvalidIncident.class);
	}

	@Test
	void refusesASubmissionBeforeAwarenessOrInTheFuture() {
		Incident incident = draft(true);
		assertThatThrownBy(() -> incident.recordNis2Submission(Nis2Report.EARLY_WARNING, AWARE.minusSeconds(60), null,
				"a", AWARE.plus(Duration.ofHours(1))))
			.isInstanceOf(InvalidIncident.class)
			.hasMessageContaining("before");
		assertThatThrownBy(() -> incident.recordNis2Submission(Nis2Report.EARLY_WARNING, AWARE.plus(Duration.ofDays(2)),
				null, "a", AWARE.plus(Duration.ofHours(1))))
			.isInstanceOf(InvalidIncident.class)
			.hasMessageContaining("future");
	}

	private static Incident draft(boolean significant) {
		IncidentDraft draft = new IncidentDraft("t", "d",
				new Classification("intrusions", "system-compromise", List.of(), null, Taxonomy.current().version()),
				Tlp.AMBER, Pap.AMBER, Severity.CRITICAL, PatientSafetyImpact.ACTUAL, CareDisruption.DIVERTED,
				new Reporter("Hospital", null, null, false), List.of(Observable.of("ipv4", "192.0.2.1")), null, null,
				AWARE, significant, null, false, Origin.LOCAL);
		return Incident.file(draft, IncidentRef.of("NL-2026-000001"), "a", AWARE);
	}

}
