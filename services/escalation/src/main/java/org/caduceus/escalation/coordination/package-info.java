/**
 * {@code /api/v1/escalations}: what this node's coordinators do with escalations of
 * either direction (escalate, decide, close, share notes, read), and what auditors read.
 */
@NullMarked
package org.caduceus.escalation.coordination;

import org.jspecify.annotations.NullMarked;
