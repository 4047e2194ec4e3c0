package org.caduceus.gateway.federation;

import org.caduceus.federation.NodeKey;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /federation/v1/node}: who this node is and the key it signs with, for a
 * peer's admin to check out of band before pinning it.
 */
@RestController
class NodeController {

	private final NodeView node;

	/**
	 * @param nodeId the id peers use as {@code keyid}
	 * @param country ISO 3166-1 alpha-2
	 * @param teamName the team that runs the node
	 * @param algorithm always {@code ed25519}
	 * @param publicKey SPKI PEM
	 */
	record NodeView(String nodeId, String country, String teamName, String algorithm, String publicKey) {
	}

	NodeController(NodeKey key, FederationProperties federation, @Value("${caduceus.node.id}") String nodeId) {
		this.node = new NodeView(nodeId, federation.country(), federation.teamName(), "ed25519", key.publicKeyPem());
	}

	@GetMapping("/federation/v1/node")
	NodeView node() {
		return this.node;
	}

}
