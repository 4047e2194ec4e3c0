/** Escalation pages: inbox, outbox and decisions. */
@NullMarked
package org.caduceus.console.escalation;

import org.jspecify.annotations.NullMarked;
