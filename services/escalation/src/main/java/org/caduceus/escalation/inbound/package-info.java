/**
 * {@code /federation/v1/escalations/**}: what partner nodes send, reached only through
 * the gateway after their signature was verified.
 */
@NullMarked
package org.caduceus.escalation.inbound;

import org.jspecify.annotations.NullMarked;
