package org.caduceus.contacts.partner;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the contacts service reaches partner nodes ({@code caduceus.contacts.exchange.*}):
 * through its gateway's internal API, with its own service key.
 *
 * @param gatewayUrl this node's gateway
 * @param privateKey the service's ES256 key
 * @param publicKey its public half, pinned by the gateway
 * @param peerCache how long a peer's settings are reused
 */
@ConfigurationProperties("caduceus.contacts.exchange")
public record ExchangeSettings(URI gatewayUrl, Path privateKey, Path publicKey, Duration peerCache) {
}
