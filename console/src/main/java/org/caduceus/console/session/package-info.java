/**
 * Server-side sessions: the cookie names a session kept in the store, with idle and
 * absolute timeouts and a CSRF token.
 */
@NullMarked
package org.caduceus.console.session;

import org.jspecify.annotations.NullMarked;
