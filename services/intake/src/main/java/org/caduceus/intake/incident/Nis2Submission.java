package org.caduceus.intake.incident;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A NIS2 report that was submitted to the competent authority or CSIRT.
 *
 * @param report which report
 * @param submittedAt when it was submitted
 * @param reference the authority's reference, if any
 * @param recordedBy who recorded the submission
 */
public record Nis2Submission(Nis2Report report, Instant submittedAt, @Nullable String reference, String recordedBy) {
}
