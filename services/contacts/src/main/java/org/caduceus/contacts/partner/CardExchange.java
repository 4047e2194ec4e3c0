package org.caduceus.contacts.partner;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.caduceus.contacts.card.CardRead;
import org.caduceus.contacts.card.CardReadStore;
import org.caduceus.contacts.card.OwnCard;
import org.caduceus.contacts.card.TeamCard;
import org.caduceus.contacts.partner.PartnerProblems.InvalidPartnerData;
import org.caduceus.gatewayclient.FederationReply;
import org.caduceus.gatewayclient.GatewayClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sending this node's card to partner nodes: signed with the team key, encrypted to each
 * partner's pinned key, sent through the gateway (which signs the request); each sending
 * is recorded as a disclosure first. Used by the exchange and by approved card requests.
 */
@Service
class CardExchange {

	private static final Logger log = LoggerFactory.getLogger(CardExchange.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final OwnCard ownCard;

	private final PartnerStore partners;

	private final PartnerCards cards;

	private final CardReadStore reads;

	private final GatewayClient gateway;

	private final Clock clock;

	private final String nodeId;

	CardExchange(OwnCard ownCard, PartnerStore partners, PartnerCards cards, CardReadStore reads, GatewayClient gateway,
			Clock clock, @Value("${caduceus.node.id}") String nodeId) {
		this.ownCard = ownCard;
		this.partners = partners;
		this.cards = cards;
		this.reads = reads;
		this.gateway = gateway;
		this.clock = clock;
		this.nodeId = nodeId;
	}

	/**
	 * What happened for one recipient.
	 *
	 * @param to the partner
	 * @param status {@code SENT} or {@code FAILED}
	 * @param detail the partner's answer or the reason
	 */
	record Sent(String to, String status, @Nullable String detail) {
	}

	/**
	 * Sends the card to each partner named, once every one of them is known to be a
	 * pinned partner and a peer; nothing is sent otherwise.
	 */
	Mono<List<Sent>> exchange(List<String> to, Authentication admin) {
		if (new HashSet<>(to).size() != to.size()) {
			throw new InvalidPartnerData("invalid-exchange", "to", "a partner is named twice");
		}
		return this.ownCard.get()
			.flatMap((card) -> Flux.range(0, to.size())
				.concatMap((i) -> recipient(to.get(i), i))
				.collectList()
				.flatMap((partners) -> Flux.fromIterable(partners)
					.concatMap((partner) -> send(card, partner, admin))
					.collectList()));
	}

	/**
	 * A pinned partner that is also a federation peer of this node, or a 422 naming it.
	 * @param index where the request names it, for the error
	 */
	Mono<PartnerTeam> recipient(String id, int index) {
		return this.partners.find(id)
			.switchIfEmpty(Mono.error(() -> new InvalidPartnerData("unknown-partner", "to[" + index + "]",
					"no partner team '" + id + "'; pin its key first")))
			.flatMap((partner) -> this.gateway.peer(id)
				.map((peer) -> partner)
				.switchIfEmpty(Mono.error(() -> new InvalidPartnerData("not-a-peer", "to[" + index + "]",
						"'" + id + "' runs no node peered with this one; export its card for e-mail instead"))));
	}

	/** Sends {@code card} to one partner, recorded as a disclosure first. */
	Mono<Sent> send(TeamCard card, PartnerTeam partner, Authentication admin) {
		String sealed = this.cards.seal(card, partner);
		byte[] body = JSON.writeValueAsBytes(Map.of("from", this.nodeId, "sealed", sealed));
		return this.reads
			.record(CardRead.of(admin, this.clock.instant().truncatedTo(ChronoUnit.MILLIS), TeamCard.OWN,
					card.version(), "sent to " + partner.id()))
			.then(this.gateway.send(partner.id(), "contacts/cards", body))
			.map((reply) -> sent(partner, reply));
	}

	private static Sent sent(PartnerTeam partner, FederationReply reply) {
		log.info("card sent to {}: HTTP {}", partner.id(), reply.status());
		return reply.delivered() ? new Sent(partner.id(), "SENT", null)
				: new Sent(partner.id(), "FAILED", reply.summary());
	}

}
