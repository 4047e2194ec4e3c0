/**
 * An escalation's case file, outbound and inbound: the aggregate, its API, its store and
 * its SLA.
 */
@NullMarked
package org.caduceus.escalation.casefile;

import org.jspecify.annotations.NullMarked;
