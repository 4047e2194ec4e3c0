/** Limits that protect a small node: request body size and per-user request rate. */
@NullMarked
package org.caduceus.gateway.limits;

import org.jspecify.annotations.NullMarked;
