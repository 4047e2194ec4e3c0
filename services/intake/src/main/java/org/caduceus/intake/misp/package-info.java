/** Incidents as MISP events, for partner CERTs that run MISP. */
@NullMarked
package org.caduceus.intake.misp;

import org.jspecify.annotations.NullMarked;
