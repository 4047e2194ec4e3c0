package org.caduceus.escalation.border;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * What of an incident crosses the border: built by {@link BorderPolicy} on the sending
 * node after redaction, stored on the escalation exactly as sent, and validated field by
 * field on the receiving node.
 *
 * @param ref the sender's incident reference
 * @param title short title
 * @param description free text
 * @param rsitClass RSIT class
 * @param rsitType RSIT type
 * @param careServices affected care services
 * @param medicalDevice medical device involved
 * @param taxonomyVersion the taxonomy the values come from
 * @param tlp the TLP the snapshot is shared under
 * @param pap permissible actions
 * @param severity severity
 * @param patientSafetyImpact impact on patient safety
 * @param careDisruption disruption of care
 * @param reporter the reporting organisation (the contact person only with consent)
 * @param observables indicators
 * @param occurredAt when it happened
 * @param detectedAt when it was detected
 * @param awareAt when the entity became aware
 * @param notes journal notes whose TLP allows sharing, without their authors
 * @param sharedWith for AMBER: the recipients named by the sender, the only ones
 */
public record Snapshot(@NotBlank @Size(max = 64) String ref, @NotBlank @Size(max = 200) String title,
		@Size(max = 20_000) @Nullable String description, @NotBlank @Size(max = 64) String rsitClass,
		@NotBlank @Size(max = 64) String rsitType, @Size(max = 11) @Nullable List<@NotBlank String> careServices,
		@Size(max = 64) @Nullable String medicalDevice, @Size(max = 200) @Nullable String taxonomyVersion,
		@NotBlank @Size(max = 16) String tlp, @Size(max = 16) @Nullable String pap,
		@NotBlank @Size(max = 16) String severity, @Size(max = 16) @Nullable String patientSafetyImpact,
		@Size(max = 16) @Nullable String careDisruption, @NotNull @Valid SharedReporter reporter,
		@Size(max = 500) @Nullable List<@Valid SharedObservable> observables, @Nullable Instant occurredAt,
		@Nullable Instant detectedAt, @Nullable Instant awareAt,
		@Size(max = 1_000) @Nullable List<@Valid SharedNote> notes,
		@Size(max = 20) @Nullable List<@NotBlank String> sharedWith) {

	/**
	 * @param organisation the reporting organisation
	 * @param entityType its NIS2 entity type
	 * @param contact the contact person, only when the reporter consented
	 * @param consentToShare whether the reporter consented
	 */
	public record SharedReporter(@NotBlank @Size(max = 200) String organisation,
			@Size(max = 64) @Nullable String entityType, @Valid @Nullable SharedContact contact,
			boolean consentToShare) {
	}

	/** Personal data, present only with the reporter's consent; never printed. */
	public record SharedContact(@Size(max = 200) @Nullable String name, @Email @Size(max = 254) @Nullable String email,
			@Size(max = 40) @Nullable String phone) {

		@Override
		public String toString() {
			return "SharedContact[personal data withheld]";
		}

	}

	public record SharedObservable(@NotBlank @Size(max = 16) String type, @NotBlank @Size(max = 2048) String value) {
	}

	/**
	 * @param at when it was written
	 * @param text the note
	 * @param tlp its TLP, never above the snapshot's
	 */
	public record SharedNote(@NotNull Instant at, @NotBlank @Size(max = 10_000) String text,
			@NotBlank @Size(max = 16) String tlp) {
	}

}
