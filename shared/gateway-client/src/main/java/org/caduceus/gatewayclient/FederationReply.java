package org.caduceus.gatewayclient;

import java.nio.charset.StandardCharsets;

/**
 * What came back for a message sent to a peer: the peer's status and body, or the
 * gateway's own (502 when the peer could not be reached), or what stopped this node from
 * sending it at all ({@link #local()}).
 *
 * @param status the HTTP status
 * @param body the body as received
 * @param local no answer came through this node's own gateway (it, or another part of
 * this node, did not answer): says nothing of the peer
 */
public record FederationReply(int status, byte[] body, boolean local) {

	/** An answer that came through this node's gateway. */
	public FederationReply(int status, byte[] body) {
		this(status, body, false);
	}

	/**
	 * No answer from the peer because a part of this node did not answer.
	 * @param why what did not answer, for the escalation's record
	 */
	public static FederationReply local(String why) {
		return new FederationReply(503, why.getBytes(StandardCharsets.UTF_8), true);
	}

	public boolean delivered() {
		return this.status >= 200 && this.status < 300;
	}

	/**
	 * Whether trying again later can help: the peer was unreachable, overloaded, not
	 * ready to trust us yet (401: our key not pinned there yet, or clocks apart), or
	 * slow. A refusal of the content itself (400, 403, 404, 409, 413, 422) will not
	 * change.
	 */
	public boolean retryable() {
		return this.status == 401 || this.status == 408 || this.status == 425 || this.status == 429
				|| this.status >= 500 || unknownPeerHere();
	}

	/**
	 * This node's gateway does not know the peer (right now): an admin removed it, or is
	 * re-adding it with a new address or key. Not the partner's word on the content.
	 */
	private boolean unknownPeerHere() {
		return this.status == 404
				&& new String(this.body, StandardCharsets.UTF_8).contains("\"urn:caduceus:problem:unknown-peer\"");
	}

	/**
	 * @return the body as text, cut to 300 characters, for the escalation's record
	 */
	public String summary() {
		String text = new String(this.body, StandardCharsets.UTF_8);
		return "HTTP " + this.status + ((text.isBlank()) ? "" : ": " + text.substring(0, Math.min(300, text.length())));
	}

}
