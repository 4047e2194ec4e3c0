/**
 * Who is calling: the four roles, the node-local ES256 keys, and the JWTs signed with
 * them. User tokens are minted by {@code ./caduceus token} (no HTTP endpoint hands them
 * out); the gateway mints a short-lived identity token for each request it forwards, so
 * services check a signature rather than trust a header.
 */
@NullMarked
package org.caduceus.identity;

import org.jspecify.annotations.NullMarked;
