/** My work: what waits for the signed-in user. */
@NullMarked
package org.caduceus.console.work;

import org.jspecify.annotations.NullMarked;
