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

	/**
	 * On a TAXII request, the partner API key the caller presented, passed on by the
	 * gateway with an identity token that carries no role; the partner API checks the key
	 * itself. The gateway removes this header from whatever a caller sends.
	 */
	public static final String API_KEY_HEADER = "X-Caduceus-Api-Key";

	/**
	 * On a TAXII request, the URL the caller reached the gateway at (its public URL
	 * behind a proxy), set by the gateway, for the absolute URLs of TAXII discovery.
	 */
	public static final String PUBLIC_URL_HEADER = "X-Caduceus-Public-Url";

	private InternalIdentity() {
	}

	public static String issuer(String nodeId) {
		return "caduceus-gateway:" + nodeId;
	}

	public static String audience(String nodeId) {
		return "caduceus-services:" + nodeId;
	}

}
