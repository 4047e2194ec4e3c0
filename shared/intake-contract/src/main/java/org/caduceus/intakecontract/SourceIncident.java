package org.caduceus.intakecontract;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * An incident as intake shows it to the coordinator who escalates it: everything the
 * border policy decides on. Fields intake adds later are ignored, so the two services can
 * be upgraded one at a time.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SourceIncident(String id, String ref, String title, @Nullable String description,
		Classification classification, String tlp, @Nullable String pap, String severity,
		@Nullable String patientSafetyImpact, @Nullable String careDisruption, Reporter reporter,
		@Nullable List<Observable> observables, @Nullable Instant occurredAt, @Nullable Instant detectedAt,
		@Nullable Instant awareAt, String status, boolean significant, boolean crossBorderImpact,
		@Nullable Origin origin, @Nullable List<Note> journal) {

	public List<Observable> observableList() {
		return (this.observables != null) ? this.observables : List.of();
	}

	public List<Note> notes() {
		return (this.journal != null) ? this.journal : List.of();
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Classification(String rsitClass, String rsitType, @Nullable List<String> careServices,
			@Nullable String medicalDevice, @Nullable String taxonomyVersion) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Reporter(String organisation, @Nullable String entityType, @Nullable Contact contact,
			boolean consentToShare) {
	}

	/** Personal data: never printed. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Contact(@Nullable String name, @Nullable String email, @Nullable String phone) {

		@Override
		public String toString() {
			return "Contact[personal data withheld]";
		}

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Observable(String type, String value) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Origin(@Nullable String partnerNode, @Nullable String partnerRef, @Nullable String escalationId) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Note(String id, @Nullable String author, Instant at, String text, String tlp) {
	}

}
