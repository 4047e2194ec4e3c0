package org.caduceus.escalation.settings;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The escalation service's settings ({@code caduceus.escalation.*}).
 *
 * @param intakeUrl intake on this node
 * @param gatewayUrl this node's gateway (internal API)
 * @param serviceKey the service's own ES256 key pair for the gateway's internal API
 * @param peerCache how long a peer's settings read from the gateway are reused
 * @param delivery how the outbox is worked
 */
@ConfigurationProperties("caduceus.escalation")
public record EscalationSettings(URI intakeUrl, URI gatewayUrl, ServiceKey serviceKey, Duration peerCache,
		Delivery delivery) {

	/**
	 * @param privateKey PKCS#8 PEM, owner-only
	 * @param publicKey SPKI PEM, pinned by the gateway
	 */
	public record ServiceKey(Path privateKey, Path publicKey) {
	}

	/**
	 * @param pollInterval how often the outbox is looked at when nothing signalled work
	 * @param batch how many due escalations one look claims at most
	 * @param concurrency how many messages are in flight at once
	 * @param lease how long a claimed escalation stays with this worker; a worker that
	 * dies meanwhile leaves it to another after this
	 * @param backoffBase the first retry delay; doubled per attempt
	 * @param backoffMax the longest retry delay
	 * @param giveUpAfter how long a message is retried before the escalation FAILS
	 */
	public record Delivery(Duration pollInterval, int batch, int concurrency, Duration lease, Duration backoffBase,
			Duration backoffMax, Duration giveUpAfter) {
	}

}
