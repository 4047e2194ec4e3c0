/**
 * The shared Caduceus taxonomy: RSIT classification, the health extension, TLP 2.0 with
 * its sharing rules, PAP and NIS2 health entity types. Every value parses from and prints
 * to its MISP machine-tag form ({@code rsit:malicious-code="ransomware"},
 * {@code tlp:amber+strict}).
 */
@NullMarked
package org.caduceus.taxonomy;

import org.jspecify.annotations.NullMarked;
