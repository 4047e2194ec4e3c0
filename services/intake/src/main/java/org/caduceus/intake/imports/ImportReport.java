package org.caduceus.intake.imports;

import java.time.Instant;
import java.util.List;

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
	 * @param id its id here
	 * @param ref its reference here
	 * @param outcome {@code created}, {@code updated} or {@code unchanged}
	 * @param detail why, when unchanged
	 */
	public record Outcome(String externalId, String id, String ref, String outcome, String detail) {
	}

}
