/** The intake service. */
@NullMarked
package org.caduceus.intake;

import org.jspecify.annotations.NullMarked;
