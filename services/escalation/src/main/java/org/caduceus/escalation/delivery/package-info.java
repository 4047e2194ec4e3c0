/**
 * The outbox worker: claims due escalations with a lease, sends their next message to the
 * peer through the gateway, and retries with backoff until delivered or given up.
 */
@NullMarked
package org.caduceus.escalation.delivery;

import org.jspecify.annotations.NullMarked;
