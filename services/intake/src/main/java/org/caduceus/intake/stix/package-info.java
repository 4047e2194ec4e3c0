/**
 * Incidents as STIX 2.1 bundles, for partners that run MISP, OpenCTI or their own tools.
 */
@NullMarked
package org.caduceus.intake.stix;

import org.jspecify.annotations.NullMarked;
