/**
 * Observables (indicators) attached to incidents: validated and normalised per type,
 * indexed by their normalised value so that incidents sharing one are found at once.
 */
@NullMarked
package org.caduceus.intake.observable;

import org.jspecify.annotations.NullMarked;
