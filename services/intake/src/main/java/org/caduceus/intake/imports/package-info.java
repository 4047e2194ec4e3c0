/**
 * Imports from partners that run no node: incidents read from a STIX bundle or a MISP
 * event are checked as a whole, then created or updated, and each import leaves a report
 * with what was kept aside.
 */
@NullMarked
package org.caduceus.intake.imports;

import org.jspecify.annotations.NullMarked;
