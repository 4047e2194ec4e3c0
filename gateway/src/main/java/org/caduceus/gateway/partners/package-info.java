/**
 * The door of the partner API: TAXII callers are authenticated here, before their request
 * goes anywhere, and passed on to the partner-api service with an identity the gateway
 * signs (partner node, key partner or user).
 */
@NullMarked
package org.caduceus.gateway.partners;

import org.jspecify.annotations.NullMarked;
