/**
 * A real OpenID Connect provider for tests only (Spring Authorization Server).
 */
@NullMarked
package org.caduceus.oidcissuer;

import org.jspecify.annotations.NullMarked;
