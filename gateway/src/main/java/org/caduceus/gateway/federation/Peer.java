package org.caduceus.gateway.federation;

import java.security.PublicKey;
import java.time.Instant;

import org.caduceus.federation.NodeKey;
import org.caduceus.taxonomy.Tlp;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Transient;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A partner node this node trusts: whose signatures it accepts, and where it sends.
 *
 * @param nodeId the peer's node id, also its signature {@code keyid}
 * @param country its ISO 3166-1 alpha-2 country
 * @param baseUrl where its gateway is reached
 * @param publicKey its Ed25519 public key, SPKI PEM
 * @param tlpCeiling the highest TLP it may receive from this node
 * @param addedAt when an admin added it
 * @param addedBy which admin
 */
@Document("peers")
public record Peer(@Id String nodeId, String country, String baseUrl, String publicKey, String tlpCeiling,
		Instant addedAt, String addedBy) {

	/**
	 * @return the parsed key
	 */
	@Transient
	public PublicKey key() {
		return NodeKey.parsePublicKey(this.publicKey);
	}

	/**
	 * @return the ceiling as a TLP
	 */
	@Transient
	public Tlp ceiling() {
		return Tlp.of(this.tlpCeiling);
	}

}
