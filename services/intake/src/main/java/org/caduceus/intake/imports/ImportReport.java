package org.caduceus.intake.imports;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.caduceus.intake.incident.Incident;
import org.caduceus.intake.incident.IncidentService;
import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * What one import did: each incident created, updated or left alone, what was kept aside
 * and why, and what was assumed.
 *
 * @param id the report's id
 * @param format {@code stix} or {@code misp}
 * @param source the file's own id (bundle id, event uuid)
 * @param at when
 * @param by who imported it
 * @param objectCount how many objects the file held
 * @param incidents the outcome for each incident
 * @param keptAside what no incident took
 * @param warnings what was assumed
 */
@Document("imports")
public record ImportReport(@Id String id, String format, String source, Instant at, String by, int objectCount,
		List<Outcome> incidents, List<KeptAside> keptAside, List<String> warnings) {

	/**
	 * @param externalId the incident's id in the file
	 * @param id its id here, absent when refused
	 * @param ref its reference here, absent when refused
	 * @param outcome {@code created}, {@code updated}, {@code unchanged} or
	 * {@code refused}
	 * @param detail why, when unchanged or refused ({@code not imported}: the one answer
	 * for every refusal, which names no incident here)
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Outcome(String externalId, @Nullable String id, @Nullable String ref, String outcome, String detail) {

		static Outcome of(String externalId, IncidentService.Imported imported) {
			Incident incident = imported.incident();
			return (incident != null)
					? new Outcome(externalId, incident.getId(), incident.getRef(), imported.outcome(),
							imported.detail())
					: new Outcome(externalId, null, null, imported.outcome(), imported.detail());
		}

	}

}
