package org.caduceus.intake.incident;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A NIS2 report that was submitted to the competent authority or CSIRT. Part of the
 * {@link Incident} aggregate, which guards when one may be recorded, so it lives beside
 * it; the {@code nis2} package computes the clock and renders the reports from it (moved
 * there, it would make {@code incident} and {@code nis2} depend on each other).
 *
 * @param report which report
 * @param submittedAt when it was submitted
 * @param reference the authority's reference, if any
 * @param recordedBy who recorded the submission
 */
public record Nis2Submission(Nis2Report report, Instant submittedAt, @Nullable String reference, String recordedBy) {
}
