package org.caduceus.gateway.federation;

/** A peer description breaks a rule; names the field. */
class InvalidPeer extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String field;

	InvalidPeer(String field, String reason) {
		super(reason);
		this.field = field;
	}

	String field() {
		return this.field;
	}

}
