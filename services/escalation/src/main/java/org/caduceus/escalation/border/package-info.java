/**
 * TLP at the border: what may leave the node, for whom, and what is removed from the
 * snapshot before it does.
 */
@NullMarked
package org.caduceus.escalation.border;

import org.jspecify.annotations.NullMarked;
