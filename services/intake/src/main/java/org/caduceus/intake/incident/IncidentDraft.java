package org.caduceus.intake.incident;

import java.time.Instant;
import java.util.List;

import org.caduceus.intake.observable.Observable;
import org.caduceus.taxonomy.CareDisruption;
import org.caduceus.taxonomy.Pap;
import org.caduceus.taxonomy.PatientSafetyImpact;
import org.caduceus.taxonomy.Severity;
import org.caduceus.taxonomy.Tlp;
import org.jspecify.annotations.Nullable;

/**
 * Everything needed to file an incident, already validated value by value.
 *
 * @param title short title
 * @param description free text
 * @param classification taxonomy classification
 * @param tlp sharing level
 * @param pap permissible actions
 * @param severity severity
 * @param patientSafetyImpact impact on patient safety
 * @param careDisruption disruption of care
 * @param reporter who reported it
 * @param observables indicators
 * @param occurredAt when it happened, if known
 * @param detectedAt when it was detected, if known
 * @param awareAt when the entity became aware (starts the NIS2 clock)
 * @param significant whether it is a significant incident under NIS2 Art. 23(3)
 * @param suspectedMalicious whether unlawful or malicious acts are suspected (null:
 * derive from the RSIT class)
 * @param crossBorderImpact whether it could have a cross-border impact
 * @param origin local, or a partner's incident
 */
public record IncidentDraft(String title, String description, Classification classification, Tlp tlp, Pap pap,
		Severity severity, PatientSafetyImpact patientSafetyImpact, CareDisruption careDisruption, Reporter reporter,
		List<Observable> observables, @Nullable Instant occurredAt, @Nullable Instant detectedAt,
		@Nullable Instant awareAt, boolean significant, @Nullable Boolean suspectedMalicious, boolean crossBorderImpact,
		Origin origin) {
}
