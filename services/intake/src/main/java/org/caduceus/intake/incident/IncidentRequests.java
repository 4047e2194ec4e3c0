package org.caduceus.intake.incident;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** Request bodies of the incident API. Taxonomy values are codes, checked when mapped. */
public final class IncidentRequests {

	private IncidentRequests() {
	}

	/** {@code POST /api/v1/incidents}. */
	public record Create(@NotBlank @Size(max = 200) String title, @Size(max = 20_000) @Nullable String description,
			@NotBlank @Size(max = 64) String rsitClass, @NotBlank @Size(max = 64) String rsitType,
			@Size(max = 11) @Nullable List<@NotBlank String> careServices,
			@Size(max = 64) @Nullable String medicalDevice, @NotBlank @Size(max = 32) String tlp,
			@Size(max = 32) @Nullable String pap, @Size(max = 32) @Nullable String severity,
			@Size(max = 32) @Nullable String patientSafetyImpact, @Size(max = 32) @Nullable String careDisruption,
			@NotNull @Valid ReporterRequest reporter,
			@Size(max = 500) @Nullable List<@Valid ObservableRequest> observables, @Nullable Instant occurredAt,
			@Nullable Instant detectedAt, @Nullable Instant awareAt, @Nullable Boolean significant,
			@Nullable Boolean suspectedMalicious, @Nullable Boolean crossBorderImpact) {
	}

	/**
	 * {@code PUT /api/v1/incidents/inbound/{partnerNode}/{escalationId}}: what a partner
	 * shared, as the escalation service received it.
	 */
	public record Inbound(@NotBlank @Size(max = 64) String partnerRef, @NotNull @Valid Create incident) {
	}

	/** {@code PATCH /api/v1/incidents/{id}}: only the fields present change. */
	public record Update(@Size(min = 1, max = 200) @Nullable String title,
			@Size(max = 20_000) @Nullable String description, @Size(max = 64) @Nullable String rsitClass,
			@Size(max = 64) @Nullable String rsitType, @Size(max = 11) @Nullable List<@NotBlank String> careServices,
			@Size(max = 64) @Nullable String medicalDevice, @Size(max = 32) @Nullable String tlp,
			@Size(max = 32) @Nullable String pap, @Size(max = 32) @Nullable String severity,
			@Size(max = 32) @Nullable String patientSafetyImpact, @Size(max = 32) @Nullable String careDisruption,
			@Valid @Nullable ReporterRequest reporter, @Nullable Instant occurredAt, @Nullable Instant detectedAt,
			@Nullable Instant awareAt, @Nullable Boolean significant, @Nullable Boolean suspectedMalicious,
			@Nullable Boolean crossBorderImpact) {
	}

	/** Who reported the incident. */
	public record ReporterRequest(@NotBlank @Size(max = 200) String organisation,
			@Size(max = 64) @Nullable String entityType, @Valid @Nullable ContactRequest contact,
			@Nullable Boolean consentToShare) {
	}

	/** The reporter's contact person (personal data). */
	public record ContactRequest(@Size(max = 200) @Nullable String name, @Email @Size(max = 254) @Nullable String email,
			@Pattern(regexp = "[+0-9 ()./-]{3,40}", message = "must be a telephone number") @Nullable String phone) {

		@Override
		public String toString() {
			return "ContactRequest[personal data withheld]";
		}

	}

	/** An observable as typed by an analyst; normalised when mapped. */
	public record ObservableRequest(@NotBlank @Size(max = 16) String type, @NotBlank @Size(max = 2048) String value) {
	}

	/** {@code POST /api/v1/incidents/{id}/transitions}. */
	public record Transition(@NotBlank @Size(max = 32) String to, @Size(max = 2_000) @Nullable String reason,
			@Size(max = 64) @Nullable String duplicateOf) {
	}

	/** {@code PUT /api/v1/incidents/{id}/assignee}. */
	public record Assign(@NotBlank @Pattern(regexp = "[A-Za-z0-9._@+-]{1,128}",
			message = "must be a user name (letters, digits, ._@+-)") String assignee) {
	}

	/** {@code POST /api/v1/incidents/{id}/notes}. */
	public record NewNote(@NotBlank @Size(max = 10_000) String text, @Size(max = 32) @Nullable String tlp) {
	}

	/** {@code POST /api/v1/incidents/{id}/nis2/submissions}. */
	public record Nis2SubmissionRequest(@NotBlank @Size(max = 32) String report, @Nullable Instant submittedAt,
			@Size(max = 200) @Nullable String reference) {
	}

}
