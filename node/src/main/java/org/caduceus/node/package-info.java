/**
 * A whole node in one JVM: the embedded store, then each service, the gateway and the
 * console as its own Spring application context, configured and auto-configured exactly
 * as its own deployable is.
 */
@NullMarked
package org.caduceus.node;

import org.jspecify.annotations.NullMarked;
