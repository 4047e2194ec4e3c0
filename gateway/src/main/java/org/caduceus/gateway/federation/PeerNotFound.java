package org.caduceus.gateway.federation;

/** No peer with this node id. */
class PeerNotFound extends RuntimeException {

	private static final long serialVersionUID = 1L;

	PeerNotFound(String nodeId) {
		super("No peer '" + nodeId + "'");
	}

}
