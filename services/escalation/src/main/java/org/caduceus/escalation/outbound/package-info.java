/**
 * The sending half: this node's coordinators escalate an incident to partners, the border
 * policy first.
 */
@NullMarked
package org.caduceus.escalation.outbound;

import org.jspecify.annotations.NullMarked;
