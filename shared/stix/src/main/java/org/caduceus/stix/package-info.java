/**
 * Incidents as STIX 2.1: deterministic ids (UUIDv5) so that a re-export creates no
 * duplicates downstream, TLP 2.0 as the official marking definitions, observables as SCOs
 * with indicators, a Caduceus property extension for the health classification.
 */
@NullMarked
package org.caduceus.stix;

import org.jspecify.annotations.NullMarked;
