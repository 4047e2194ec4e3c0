package org.caduceus.intake.incident;

import java.time.Instant;
import java.util.List;

import org.caduceus.taxonomy.CareDisruption;
import org.caduceus.taxonomy.CareService;
import org.caduceus.taxonomy.MedicalDevice;
import org.caduceus.taxonomy.Pap;
import org.caduceus.taxonomy.PatientSafetyImpact;
import org.caduceus.taxonomy.Severity;
import org.caduceus.taxonomy.Tlp;
import org.jspecify.annotations.Nullable;

/**
 * A partial update: every field that is not null replaces the current value.
 *
 * @param title new title
 * @param description new description
 * @param rsitClass new RSIT class (with {@code rsitType})
 * @param rsitType new RSIT type
 * @param careServices new care services
 * @param medicalDevice new medical device
 * @param tlp new TLP
 * @param pap new PAP
 * @param severity new severity
 * @param patientSafetyImpact new patient-safety impact
 * @param careDisruption new care disruption
 * @param reporter new reporter
 * @param occurredAt new time of occurrence
 * @param detectedAt new time of detection
 * @param awareAt new time of awareness
 * @param significant new NIS2 significance
 * @param suspectedMalicious new suspicion of malicious acts
 * @param crossBorderImpact new cross-border impact
 */
public record IncidentChanges(@Nullable String title, @Nullable String description, @Nullable String rsitClass,
		@Nullable String rsitType, @Nullable List<CareService> careServices, @Nullable MedicalDevice medicalDevice,
		@Nullable Tlp tlp, @Nullable Pap pap, @Nullable Severity severity,
		@Nullable PatientSafetyImpact patientSafetyImpact, @Nullable CareDisruption careDisruption,
		@Nullable Reporter reporter, @Nullable Instant occurredAt, @Nullable Instant detectedAt,
		@Nullable Instant awareAt, @Nullable Boolean significant, @Nullable Boolean suspectedMalicious,
		@Nullable Boolean crossBorderImpact) {
}
