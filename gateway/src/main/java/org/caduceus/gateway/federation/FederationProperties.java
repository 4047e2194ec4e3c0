package org.caduceus.gateway.federation;

import java.nio.file.Path;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Federation settings ({@code caduceus.federation.*}).
 *
 * @param signingKey the node's Ed25519 private key (PKCS#8 PEM, created on first start)
 * @param publicKey its public half (SPKI PEM), published at {@code /federation/v1/node}
 * @param country the node's ISO 3166-1 alpha-2 country
 * @param teamName the team that runs the node
 * @param publicUrl the base URL peers use to reach this gateway (what they sign as
 * {@code @target-uri}); empty: taken from each request
 * @param serviceKeys the public key of each service that may call the internal API, by
 * service name
 */
@ConfigurationProperties("caduceus.federation")
public record FederationProperties(Path signingKey, Path publicKey, String country, String teamName,
		@Nullable String publicUrl, Map<String, Path> serviceKeys) {

	public FederationProperties {
		if (publicUrl != null && publicUrl.isBlank()) {
			publicUrl = null;
		}
		if (publicUrl != null && publicUrl.endsWith("/")) {
			publicUrl = publicUrl.substring(0, publicUrl.length() - 1);
		}
		serviceKeys = (serviceKeys != null) ? Map.copyOf(serviceKeys) : Map.of();
	}

	/**
	 * @return the URI a peer signed for a request received as {@code received}: this
	 * node's public URL when configured (behind a proxy), else as received
	 */
	public java.net.URI signedTarget(java.net.URI received) {
		if (this.publicUrl == null) {
			return received;
		}
		String query = received.getRawQuery();
		return java.net.URI.create(this.publicUrl + received.getRawPath() + ((query != null) ? "?" + query : ""));
	}

}
