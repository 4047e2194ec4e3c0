/**
 * Who the caller is: user JWTs checked against the node-local key or an OIDC issuer, and
 * the identity the gateway vouches for towards its services.
 */
@NullMarked
package org.caduceus.gateway.auth;

import org.jspecify.annotations.NullMarked;
