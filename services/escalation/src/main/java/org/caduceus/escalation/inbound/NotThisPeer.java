package org.caduceus.escalation.inbound;

/** The signed sender is not the node the message names, or no longer a peer. */
public class NotThisPeer extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public NotThisPeer(String detail) {
		super(detail);
	}

}
