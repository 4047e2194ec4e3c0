/**
 * Signing in through an OpenID Connect provider: the authorization code flow with PKCE,
 * the console a confidential client; the provider's access token is what the console
 * calls the API with, renewed with its refresh token.
 */
@NullMarked
package org.caduceus.console.oidc;

import org.jspecify.annotations.NullMarked;
