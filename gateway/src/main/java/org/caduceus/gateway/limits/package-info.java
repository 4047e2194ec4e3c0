/**
 * Limits that protect a small node: request body size, per-user request rate, a rate per
 * client before authentication, and the count of body bytes read into memory.
 */
@NullMarked
package org.caduceus.gateway.limits;

import org.jspecify.annotations.NullMarked;
