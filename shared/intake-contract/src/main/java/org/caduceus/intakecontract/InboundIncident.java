package org.caduceus.intakecontract;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code PUT /api/v1/incidents/inbound/{partnerNode}/{escalationId}}: what a
 * partner node escalated to this one, which intake files (once) as a linked incident.
 * Absent values are left out of the JSON, not sent as {@code null}.
 *
 * @param partnerRef the partner's own reference of the incident
 * @param incident the incident as the partner shared it
 */
@JsonPropertyOrder({ "partnerRef", "incident" })
public record InboundIncident(String partnerRef, Shared incident) {

	/**
	 * The shared incident, in the fields of intake's create request.
	 *
	 * @param title short title
	 * @param description free text
	 * @param rsitClass RSIT class code
	 * @param rsitType RSIT type code
	 * @param careServices affected care service codes
	 * @param medicalDevice medical device code
	 * @param tlp the TLP it is shared under
	 * @param pap permissible actions
	 * @param severity severity code
	 * @param patientSafetyImpact impact on patient safety
	 * @param careDisruption disruption of care
	 * @param reporter the reporting organisation
	 * @param observables indicators
	 * @param occurredAt when it happened
	 * @param detectedAt when it was detected
	 * @param awareAt when the entity became aware
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@JsonPropertyOrder({ "title", "description", "rsitClass", "rsitType", "careServices", "medicalDevice", "tlp", "pap",
			"severity", "patientSafetyImpact", "careDisruption", "reporter", "observables", "occurredAt", "detectedAt",
			"awareAt" })
	public record Shared(String title, @Nullable String description, String rsitClass, String rsitType,
			@Nullable List<String> careServices, @Nullable String medicalDevice, String tlp, @Nullable String pap,
			String severity, @Nullable String patientSafetyImpact, @Nullable String careDisruption, Reporter reporter,
			@Nullable List<Observable> observables, @Nullable Instant occurredAt, @Nullable Instant detectedAt,
			@Nullable Instant awareAt) {
	}

	/**
	 * @param organisation the reporting organisation
	 * @param entityType its NIS2 entity type code
	 * @param contact the contact person, only when the reporter consented to share it
	 * @param consentToShare whether the reporter consented
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@JsonPropertyOrder({ "organisation", "entityType", "contact", "consentToShare" })
	public record Reporter(String organisation, @Nullable String entityType, @Nullable Contact contact,
			boolean consentToShare) {
	}

	/**
	 * Personal data: never printed.
	 *
	 * @param name the contact person's name
	 * @param email their e-mail address
	 * @param phone their telephone number
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@JsonPropertyOrder({ "name", "email", "phone" })
	public record Contact(@Nullable String name, @Nullable String email, @Nullable String phone) {

		@Override
		public String toString() {
			return "Contact[personal data withheld]";
		}

	}

	/**
	 * @param type the observable type code, e.g. {@code ipv4}
	 * @param value the value as shared
	 */
	@JsonPropertyOrder({ "type", "value" })
	public record Observable(String type, String value) {
	}

}
