package org.caduceus.intake.nis2;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.caduceus.intake.incident.Incident;
import org.caduceus.intake.incident.Nis2Report;
import org.caduceus.intake.incident.Nis2Submission;
import org.jspecify.annotations.Nullable;

/**
 * The Art. 23(4) deadlines of one significant incident at a given moment. The early
 * warning and the notification count from awareness; the final report counts from the
 * submitted notification, unless the incident is still ongoing then, in which case a
 * progress report is due at that date and the final report one month after the incident
 * is handled.
 */
public final class Nis2Clock {

	private Nis2Clock() {
	}

	/**
	 * One obligation.
	 *
	 * @param report the report
	 * @param dueAt its deadline, or null while it cannot be known yet (or on request)
	 * @param submittedAt when it was submitted, or null
	 * @param overdue due, not submitted, deadline passed
	 * @param rule the deadline in words
	 */
	public record Obligation(Nis2Report report, @Nullable Instant dueAt, @Nullable Instant submittedAt, boolean overdue,
			String rule) {
	}

	/**
	 * @return the obligations of {@code incident} at {@code now}, empty when it is not
	 * significant
	 */
	public static List<Obligation> of(Incident incident, Instant now) {
		List<Obligation> obligations = new ArrayList<>();
		Instant aware = incident.getAwareAt();
		if (!incident.isSignificant() || aware == null) {
			return obligations;
		}
		obligations.add(obligation(incident, Nis2Report.EARLY_WARNING, aware.plus(Duration.ofHours(24)), now,
				"within 24 hours of becoming aware"));
		obligations.add(obligation(incident, Nis2Report.NOTIFICATION, aware.plus(Duration.ofHours(72)), now,
				"within 72 hours of becoming aware"));
		submission(incident, Nis2Report.INTERMEDIATE)
			.ifPresent((s) -> obligations.add(new Obligation(Nis2Report.INTERMEDIATE, null, s.submittedAt(), false,
					"on request of the CSIRT or competent authority")));
		Optional<Nis2Submission> notification = submission(incident, Nis2Report.NOTIFICATION);
		if (notification.isEmpty()) {
			obligations.add(new Obligation(Nis2Report.FINAL, null, null, false,
					"one month after the incident notification is submitted"));
			return obligations;
		}
		Instant finalDue = plusOneMonth(notification.get().submittedAt());
		Instant resolved = incident.getResolvedAt();
		boolean handledInTime = resolved != null && !resolved.isAfter(finalDue);
		if (handledInTime || now.isBefore(finalDue)) {
			obligations.add(
					obligation(incident, Nis2Report.FINAL, finalDue, now, "one month after the incident notification"));
		}
		else {
			obligations.add(obligation(incident, Nis2Report.PROGRESS, finalDue, now,
					"the incident was still ongoing one month after the notification"));
			obligations.add(obligation(incident, Nis2Report.FINAL, (resolved != null) ? plusOneMonth(resolved) : null,
					now, "one month after the incident has been handled"));
		}
		return obligations;
	}

	/**
	 * @return true when any obligation is overdue
	 */
	public static boolean isOverdue(Incident incident, Instant now) {
		return of(incident, now).stream().anyMatch(Obligation::overdue);
	}

	private static Obligation obligation(Incident incident, Nis2Report report, @Nullable Instant due, Instant now,
			String rule) {
		Instant submitted = submission(incident, report).map(Nis2Submission::submittedAt).orElse(null);
		boolean overdue = due != null && submitted == null && now.isAfter(due);
		return new Obligation(report, due, submitted, overdue, rule);
	}

	private static Optional<Nis2Submission> submission(Incident incident, Nis2Report report) {
		return incident.getNis2Submissions().stream().filter((s) -> s.report() == report).reduce((a, b) -> b);
	}

	private static Instant plusOneMonth(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC).plusMonths(1).toInstant();
	}

}
