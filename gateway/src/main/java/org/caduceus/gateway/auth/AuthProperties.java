package org.caduceus.gateway.auth;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How users are authenticated ({@code caduceus.auth.*}).
 *
 * @param issuerUri an OIDC issuer (production); when set, tokens are checked against its
 * published keys and {@code userPublicKey} is ignored
 * @param audience the audience user tokens must carry; defaults to
 * {@code caduceus:<node>}
 * @param rolesClaim dotted path of the claim that lists roles, e.g.
 * {@code realm_access.roles} for Keycloak
 * @param userPublicKey the node-local ES256 public key that {@code ./caduceus token}
 * signs with (embedded mode)
 */
@ConfigurationProperties("caduceus.auth")
public record AuthProperties(@Nullable String issuerUri, @Nullable String audience, String rolesClaim,
		@Nullable Path userPublicKey) {

	public AuthProperties {
		if (rolesClaim == null || rolesClaim.isBlank()) {
			rolesClaim = "roles";
		}
		if (issuerUri != null && issuerUri.isBlank()) {
			issuerUri = null;
		}
	}

	/** The issuer of node-local user tokens. */
	public static String embeddedIssuer(String nodeId) {
		return "caduceus:" + nodeId;
	}

	String audienceFor(String nodeId) {
		return (this.audience != null && !this.audience.isBlank()) ? this.audience : embeddedIssuer(nodeId);
	}

}
