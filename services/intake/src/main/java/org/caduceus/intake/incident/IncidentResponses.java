package org.caduceus.intake.incident;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** Response bodies of the incident API; taxonomy values as their codes. */
final class IncidentResponses {

	private IncidentResponses() {
	}

	/**
	 * An incident in full. {@code transitions} names the statuses this user may move it
	 * to now (empty for a reader), so that a client offers only those.
	 */
	public record IncidentView(String id, String ref, String title, String description,
			ClassificationView classification, String tlp, String pap, String severity, String patientSafetyImpact,
			String careDisruption, ReporterView reporter, List<ObservableView> observables,
			@Nullable Instant occurredAt, @Nullable Instant detectedAt, @Nullable Instant awareAt, Instant createdAt,
			Instant updatedAt, @Nullable Instant resolvedAt, String status, @Nullable String statusReason,
			@Nullable String duplicateOf, String createdBy, @Nullable String assignee, boolean significant,
			boolean suspectedMalicious, boolean crossBorderImpact, OriginView origin, List<NoteView> journal,
			List<RelatedView> related, List<String> transitions, long version) {
	}

	/** An incident in a list. */
	public record IncidentSummary(String id, String ref, String title, String rsitClass, String rsitType, String tlp,
			String severity, String status, String reporterOrganisation, @Nullable String assignee, Instant createdAt,
			Instant updatedAt, int observableCount) {
	}

	public record ClassificationView(String rsitClass, String rsitType, List<String> careServices,
			@Nullable String medicalDevice, String taxonomyVersion) {
	}

	public record ReporterView(String organisation, @Nullable String entityType, @Nullable ContactView contact,
			boolean consentToShare) {
	}

	public record ContactView(@Nullable String name, @Nullable String email, @Nullable String phone) {

		@Override
		public String toString() {
			return "ContactView[personal data withheld]";
		}

	}

	public record ObservableView(String type, String value) {
	}

	public record OriginView(@Nullable String partnerNode, @Nullable String partnerRef, @Nullable String escalationId,
			@Nullable String externalId) {
	}

	/** The incident linked to an escalation received from a partner. */
	public record LinkedView(String id, String ref) {
	}

	public record NoteView(String id, String author, Instant at, String text, String tlp) {
	}

	public record RelatedView(String id, String ref, String title, String tlp, String status,
			List<String> sharedObservables) {
	}

	public record Page(List<IncidentSummary> items, @Nullable String next) {
	}

	public record HistoryView(String incidentId, String ref, List<HistoryEntry> history) {
	}

}
