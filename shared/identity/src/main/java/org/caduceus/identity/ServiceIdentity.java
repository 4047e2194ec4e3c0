package org.caduceus.identity;

import java.time.Duration;
import java.util.List;

/**
 * The token a service of a node presents to its own gateway's internal API (federation
 * egress and the peer directory). Each service has its own ES256 key; the gateway pins
 * the public half of each and decides per service what it may ask for.
 */
public final class ServiceIdentity {

	/** Short: a token covers a few calls, and is minted again well before it ends. */
	public static final Duration LIFETIME = Duration.ofMinutes(5);

	/** The services that may call the gateway's internal API. */
	public static final List<String> SERVICES = List.of("escalation", "contacts", "partner-api");

	/**
	 * How every service token's issuer begins: a token whose issuer starts with it speaks
	 * for a service, never for a user.
	 */
	public static final String ISSUER_PREFIX = "caduceus-service:";

	private ServiceIdentity() {
	}

	public static String issuer(String nodeId, String service) {
		return ISSUER_PREFIX + nodeId + ":" + service;
	}

	public static String audience(String nodeId) {
		return "caduceus-gateway:" + nodeId;
	}

	/**
	 * @return the base name of the service's key files, e.g. {@code service-escalation}
	 */
	public static String keyName(String service) {
		return "service-" + service;
	}

}
