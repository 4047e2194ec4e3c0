/**
 * Incidents: filed, triaged and worked under the shared taxonomy. The
 * {@link org.caduceus.intake.incident.Incident} aggregate guards its lifecycle and
 * records every change it accepts.
 */
@NullMarked
package org.caduceus.intake.incident;

import org.jspecify.annotations.NullMarked;
