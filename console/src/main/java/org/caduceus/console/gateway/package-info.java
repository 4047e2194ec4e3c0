/** The gateway's public API, called with a token minted for the signed-in user. */
@NullMarked
package org.caduceus.console.gateway;

import org.jspecify.annotations.NullMarked;
