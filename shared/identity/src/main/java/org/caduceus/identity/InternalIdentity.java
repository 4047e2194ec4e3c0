package org.caduceus.identity;

import java.time.Duration;

/**
 * The identity token the gateway attaches to each request it forwards to a service of its
 * node, in place of the caller's own token. Services accept only these, so a client that
 * reaches a service directly, or forges an identity header, is refused.
 */
public final class InternalIdentity {

	/** Short: the token covers one forwarded request, not a session. */
	public static final Duration LIFETIME = Duration.ofSeconds(120);

	private InternalIdentity() {
	}

	public static String issuer(String nodeId) {
		return "caduceus-gateway:" + nodeId;
	}

	public static String audience(String nodeId) {
		return "caduceus-services:" + nodeId;
	}

}
