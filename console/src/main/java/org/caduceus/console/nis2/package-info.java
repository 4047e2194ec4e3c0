/** The NIS2 board: significant incidents by their next deadline. */
@NullMarked
package org.caduceus.console.nis2;

import org.jspecify.annotations.NullMarked;
