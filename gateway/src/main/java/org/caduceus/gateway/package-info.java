/** The gateway. */
@NullMarked
package org.caduceus.gateway;

import org.jspecify.annotations.NullMarked;
