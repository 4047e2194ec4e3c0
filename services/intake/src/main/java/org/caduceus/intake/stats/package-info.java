/**
 * Figures for policymakers: counts of incidents by class, type, entity type, care service
 * or month, with small cells suppressed and no detail of TLP:RED or AMBER+STRICT
 * incidents.
 */
@NullMarked
package org.caduceus.intake.stats;

import org.jspecify.annotations.NullMarked;
