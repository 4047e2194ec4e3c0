package org.caduceus.intake.nis2;

import java.time.Instant;
import java.util.List;

import org.caduceus.intake.incident.Incident;
import org.caduceus.intake.incident.Nis2Report;
import org.caduceus.intake.observable.Observable;
import org.jspecify.annotations.Nullable;

/**
 * The early warning and the incident notification of Art. 23(4)(a) and (b), with the
 * fields the Article asks for, as JSON-ready records and as Markdown for e-mail or a
 * portal. The reporter's contact person is never part of a report.
 */
final class Nis2Reports {

	private Nis2Reports() {
	}

	/**
	 * Art. 23(4)(a).
	 *
	 * @param report always {@code early-warning}
	 * @param incidentRef the node's reference
	 * @param title short description
	 * @param entity the reporting organisation
	 * @param entityType its NIS2 health entity type
	 * @param awareAt when the entity became aware
	 * @param dueAt deadline
	 * @param suspectedUnlawfulOrMalicious whether unlawful or malicious acts are
	 * suspected
	 * @param possibleCrossBorderImpact whether it could have a cross-border impact
	 */
	public record EarlyWarning(String report, String incidentRef, String title, String entity,
			@Nullable String entityType, Instant awareAt, @Nullable Instant dueAt, boolean suspectedUnlawfulOrMalicious,
			boolean possibleCrossBorderImpact) {
	}

	/**
	 * Art. 23(4)(b): updates the early warning with an initial assessment and indicators.
	 *
	 * @param report always {@code notification}
	 * @param earlyWarning the early warning fields, updated
	 * @param classification RSIT class and type
	 * @param severity assessed severity
	 * @param impact impact on patients and care
	 * @param indicators indicators of compromise
	 */
	public record Notification(String report, EarlyWarning earlyWarning, String classification, String severity,
			Impact impact, List<String> indicators) {
	}

	/**
	 * @param patientSafety impact on patient safety
	 * @param careDisruption disruption of care
	 * @param careServices affected care services
	 */
	public record Impact(String patientSafety, String careDisruption, List<String> careServices) {
	}

	public static EarlyWarning earlyWarning(Incident incident, Instant now) {
		return new EarlyWarning(Nis2Report.EARLY_WARNING.code(), incident.getRef(), incident.getTitle(),
				incident.getReporter().organisation(),
				(incident.getReporter().entityType() != null) ? incident.getReporter().entityType().code() : null,
				incident.getAwareAt(), due(incident, Nis2Report.EARLY_WARNING, now), incident.isSuspectedMalicious(),
				incident.isCrossBorderImpact());
	}

	public static Notification notification(Incident incident, Instant now) {
		EarlyWarning base = earlyWarning(incident, now);
		EarlyWarning updated = new EarlyWarning(Nis2Report.NOTIFICATION.code(), base.incidentRef(), base.title(),
				base.entity(), base.entityType(), base.awareAt(), due(incident, Nis2Report.NOTIFICATION, now),
				base.suspectedUnlawfulOrMalicious(), base.possibleCrossBorderImpact());
		return new Notification(Nis2Report.NOTIFICATION.code(), updated,
				incident.getClassification().rsitClass() + "/" + incident.getClassification().rsitType(),
				incident.getSeverity().code(),
				new Impact(incident.getPatientSafetyImpact().code(), incident.getCareDisruption().code(),
						incident.getClassification().careServices().stream().map((s) -> s.code()).toList()),
				incident.getObservables().stream().map(Observable::key).toList());
	}

	public static String markdown(EarlyWarning warning) {
		return "# NIS2 early warning (Art. 23(4)(a)): " + warning.incidentRef() + "\n\n" + earlyWarningLines(warning);
	}

	public static String markdown(Notification notification) {
		StringBuilder out = new StringBuilder("# NIS2 incident notification (Art. 23(4)(b)): ")
			.append(notification.earlyWarning().incidentRef())
			.append("\n\n")
			.append(earlyWarningLines(notification.earlyWarning()))
			.append("\n## Initial assessment\n\n")
			.append("- Classification (RSIT): ")
			.append(notification.classification())
			.append("\n- Severity: ")
			.append(notification.severity())
			.append("\n- Impact on patient safety: ")
			.append(notification.impact().patientSafety())
			.append("\n- Disruption of care: ")
			.append(notification.impact().careDisruption())
			.append("\n- Affected care services: ")
			.append(notification.impact().careServices().isEmpty() ? "none recorded"
					: String.join(", ", notification.impact().careServices()))
			.append("\n\n## Indicators of compromise\n\n");
		if (notification.indicators().isEmpty()) {
			out.append("None available yet.\n");
		}
		for (String indicator : notification.indicators()) {
			out.append("- `").append(indicator.replace("`", "'")).append("`\n");
		}
		return out.toString();
	}

	private static String earlyWarningLines(EarlyWarning warning) {
		return "- Incident: " + warning.title() + "\n- Entity: " + warning.entity()
				+ ((warning.entityType() != null) ? " (" + warning.entityType() + ")" : "") + "\n- Became aware: "
				+ warning.awareAt() + "\n- Due: " + warning.dueAt()
				+ "\n- Suspected to be caused by unlawful or malicious acts: "
				+ (warning.suspectedUnlawfulOrMalicious() ? "yes" : "no") + "\n- Could have a cross-border impact: "
				+ (warning.possibleCrossBorderImpact() ? "yes" : "no") + "\n";
	}

	private static @Nullable Instant due(Incident incident, Nis2Report report, Instant now) {
		return Nis2Clock.of(incident, now)
			.stream()
			.filter((o) -> o.report() == report)
			.map(Nis2Clock.Obligation::dueAt)
			.findFirst()
			.orElse(null);
	}

}
