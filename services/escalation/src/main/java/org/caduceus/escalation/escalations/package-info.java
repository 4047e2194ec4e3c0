/** Escalations, outbound and inbound: the aggregate, its API, its store and its SLA. */
@NullMarked
package org.caduceus.escalation.escalations;

import org.jspecify.annotations.NullMarked;
