/**
 * Authentication shared by the gateway and the services: roles from JWT claims, ES256
 * decoders pinned to one key, issuer and audience, and 401/403 as problem details.
 */
@NullMarked
package org.caduceus.web.security;

import org.jspecify.annotations.NullMarked;
