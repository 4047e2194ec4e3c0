/**
 * The NIS2 Article 23 clock for significant incidents: what is due when, what was
 * submitted, what is overdue, and the early warning and notification rendered for the
 * authority.
 */
@NullMarked
package org.caduceus.intake.nis2;

import org.jspecify.annotations.NullMarked;
