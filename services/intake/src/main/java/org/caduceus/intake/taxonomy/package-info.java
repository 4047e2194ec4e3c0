/** The shared taxonomy, served read-only. */
@NullMarked
package org.caduceus.intake.taxonomy;

import org.jspecify.annotations.NullMarked;
