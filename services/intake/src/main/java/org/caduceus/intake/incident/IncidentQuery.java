package org.caduceus.intake.incident;

import java.time.Instant;
import java.util.Set;

import org.caduceus.intake.observable.Observable;
import org.caduceus.taxonomy.CareService;
import org.caduceus.taxonomy.Severity;
import org.caduceus.taxonomy.Tlp;
import org.jspecify.annotations.Nullable;

/**
 * A filtered, sorted page of incidents.
 *
 * @param statuses any of these statuses (empty: all)
 * @param tlps any of these TLP levels (empty: all)
 * @param rsitClass RSIT class
 * @param rsitType RSIT type
 * @param severities any of these severities (empty: all)
 * @param careService affected care service
 * @param reporterOrganisation reporting organisation, exact
 * @param assignee assigned analyst
 * @param unassigned only incidents nobody is assigned to
 * @param from filed at or after
 * @param to filed before
 * @param text words in title or description
 * @param observable carries this observable
 * @param sort the order
 * @param limit page size
 * @param after the cursor of the previous page
 */
record IncidentQuery(Set<IncidentStatus> statuses, Set<Tlp> tlps, @Nullable String rsitClass, @Nullable String rsitType,
		Set<Severity> severities, @Nullable CareService careService, @Nullable String reporterOrganisation,
		@Nullable String assignee, boolean unassigned, @Nullable Instant from, @Nullable Instant to,
		@Nullable String text, @Nullable Observable observable, IncidentSort sort, int limit,
		@Nullable PageCursor after) {

	public static final int MAX_LIMIT = 200;

	public static final int DEFAULT_LIMIT = 25;

}
