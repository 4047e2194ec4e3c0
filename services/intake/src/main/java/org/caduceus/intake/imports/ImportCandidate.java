package org.caduceus.intake.imports;

import java.util.List;

import org.caduceus.stix.IncidentFacts;
import org.jspecify.annotations.Nullable;

/**
 * One incident read from a partner's file, not yet checked against intake's rules.
 *
 * @param externalId its id in the file (STIX id, MISP event uuid): a re-import of the
 * same id updates the same incident
 * @param author who wrote it, when the file says
 * @param facts what it says
 * @param warnings what the reader assumed
 */
public record ImportCandidate(String externalId, @Nullable String author, IncidentFacts facts, List<String> warnings) {
}
