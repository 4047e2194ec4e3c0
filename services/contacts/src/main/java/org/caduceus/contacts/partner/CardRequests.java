package org.caduceus.contacts.partner;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.caduceus.contacts.card.OwnCard;
import org.caduceus.contacts.partner.PartnerProblems.InvalidPartnerData;
import org.caduceus.gatewayclient.GatewayClient;
import org.caduceus.web.requestid.RequestIds;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asking a partner for its card, and deciding what partners ask: a request that arrives
 * waits until this node's admin approves it, which sends the card, or declines it.
 */
@Service
class CardRequests {

	private static final Logger log = LoggerFactory.getLogger(CardRequests.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final CardRequestStore requests;

	private final CardExchange exchange;

	private final PartnerCards cards;

	private final GatewayClient gateway;

	private final OwnCard ownCard;

	private final Clock clock;

	private final String nodeId;

	CardRequests(CardRequestStore requests, CardExchange exchange, PartnerCards cards, GatewayClient gateway,
			OwnCard ownCard, Clock clock, @Value("${caduceus.node.id}") String nodeId) {
		this.requests = requests;
		this.exchange = exchange;
		this.cards = cards;
		this.gateway = gateway;
		this.ownCard = ownCard;
		this.clock = clock;
		this.nodeId = nodeId;
	}

	/**
	 * Asks the partner {@code to} for its card; recorded whether its node took it or not.
	 */
	Mono<CardRequest> request(String to, String reason, String by) {
		String id = UUID.randomUUID().toString();
		byte[] body = JSON.writeValueAsBytes(Map.of("from", this.nodeId, "requestId", id, "reason", reason));
		return this.exchange.recipient(to, 0)
			.flatMap((partner) -> this.gateway.send(partner.id(), "contacts/requests", body))
			.flatMap((reply) -> this.requests
				.insert(CardRequest.outgoing(id, to, reason, reply.delivered(), reply.summary(), now(), by)));
	}

	/**
	 * A request from a verified peer whose team key is pinned; the same request twice is
	 * kept once, and answered as its sender may see it.
	 */
	Mono<CardRequest> receive(Authentication peer, String from, String requestId, String reason) {
		String id = CardRequest.incomingId(from, requestId);
		return this.cards.pinnedSender(peer, from)
			.flatMap(
					(partner) -> this.requests.find(id)
						.switchIfEmpty(Mono
							.defer(() -> this.requests.insert(CardRequest.incoming(from, requestId, reason, now())))))
			.doOnEach(RequestIds.onNext((received) -> log.info("card request {} from {}: {}", received.id(),
					received.partner(), received.status())))
			.map(CardRequest::asSeenByItsSender);
	}

	Mono<List<CardRequest>> list(@Nullable String status) {
		return this.requests.latest((status != null) ? status.toUpperCase(Locale.ROOT) : null);
	}

	/** Sends this node's card to the partner that asked for it. */
	Mono<CardRequest> approve(String id, Authentication admin) {
		return pending(id).flatMap((request) -> this.ownCard.get()
			.flatMap((card) -> this.exchange.recipient(request.partner(), 0)
				.flatMap((partner) -> this.exchange.send(card, partner, admin)))
			.flatMap((sent) -> decide(
					request.approved("SENT".equals(sent.status()), sent.detail(), now(), admin.getName()))));
	}

	Mono<CardRequest> decline(String id, String reason, Authentication admin) {
		return pending(id).flatMap((request) -> decide(request.declined(reason, now(), admin.getName())));
	}

	private Mono<CardRequest> pending(String id) {
		return this.requests.find(id)
			.filter(CardRequest::isIncoming)
			.switchIfEmpty(Mono.error(() -> new PartnerProblems.UnknownRequest(id)))
			.map(CardRequest::stillPending);
	}

	private Mono<CardRequest> decide(CardRequest decided) {
		return this.requests.decide(decided)
			.switchIfEmpty(Mono
				.error(() -> new InvalidPartnerData("request-decided", "id", "the request was decided meanwhile")));
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
