/** Figures for policymakers and auditors: the anonymised statistics. */
@NullMarked
package org.caduceus.console.figures;

import org.jspecify.annotations.NullMarked;
