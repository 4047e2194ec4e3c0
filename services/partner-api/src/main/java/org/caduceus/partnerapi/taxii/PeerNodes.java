package org.caduceus.partnerapi.taxii;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import org.caduceus.gatewayclient.GatewayClient;
import org.caduceus.gatewayclient.PeerInfo;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The partner nodes this node trusts, as the gateway's peer directory lists them: each
 * has an AMBER collection of its own. The peers live in the gateway's database; this copy
 * is read from the gateway's internal API at start and every refresh, so that a peer
 * added or removed by an admin counts here within that time.
 */
@Component
class PeerNodes extends StoreMirror {

	private final GatewayClient gateway;

	private volatile Set<String> nodeIds = Set.of();

	PeerNodes(GatewayClient gateway, @Value("${caduceus.taxii.refresh:5s}") Duration refresh) {
		super(refresh);
		this.gateway = gateway;
	}

	@Override
	Mono<Void> reload() {
		return this.gateway.peers().doOnNext((peers) -> {
			Set<String> fresh = new TreeSet<>();
			peers.stream().map(PeerInfo::nodeId).forEach(fresh::add);
			this.nodeIds = Set.copyOf(fresh);
		}).then();
	}

	/**
	 * @return the ids of the peers, from memory
	 */
	Set<String> nodeIds() {
		return this.nodeIds;
	}

}
