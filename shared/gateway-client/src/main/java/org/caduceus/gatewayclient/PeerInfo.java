package org.caduceus.gatewayclient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.caduceus.taxonomy.Tlp;

/**
 * A partner node as the gateway's peer directory describes it.
 *
 * @param nodeId its node id
 * @param country its country
 * @param baseUrl where its gateway is
 * @param tlpCeiling the highest TLP it may receive
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PeerInfo(String nodeId, String country, String baseUrl, String tlpCeiling) {

	public Tlp ceiling() {
		return Tlp.of(this.tlpCeiling);
	}

}
