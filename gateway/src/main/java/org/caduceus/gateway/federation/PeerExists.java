package org.caduceus.gateway.federation;

/** A peer with this node id is already known. */
class PeerExists extends RuntimeException {

	private static final long serialVersionUID = 1L;

	PeerExists(String nodeId) {
		super("Peer '" + nodeId + "' is already known; remove it first to change its key");
	}

}
