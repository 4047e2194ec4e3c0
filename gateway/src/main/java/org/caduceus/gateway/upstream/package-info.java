/** What the caller sees when a service behind the gateway cannot answer. */
@NullMarked
package org.caduceus.gateway.upstream;

import org.jspecify.annotations.NullMarked;
