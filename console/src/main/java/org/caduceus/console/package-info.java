/** The web console. */
@NullMarked
package org.caduceus.console;

import org.jspecify.annotations.NullMarked;
