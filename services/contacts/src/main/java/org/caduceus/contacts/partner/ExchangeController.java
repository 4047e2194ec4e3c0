package org.caduceus.contacts.partner;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import org.caduceus.contacts.card.CardRead;
import org.caduceus.contacts.card.OwnCard;
import org.caduceus.contacts.card.TeamCard;
import org.caduceus.contacts.partner.PartnerProblems.InvalidPartnerData;
import org.caduceus.gatewayclient.FederationReply;
import org.caduceus.gatewayclient.GatewayClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/v1/contacts/exchanges {to: [partner ids]}}: this node's card, signed
 * with its team key and encrypted to each partner's pinned key, sent to each partner's
 * node through the gateway (which signs the request). Each sending is recorded as a
 * disclosure.
 */
@RestController
class ExchangeController {

	private static final Logger log = LoggerFactory.getLogger(ExchangeController.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ReactiveMongoTemplate mongo;

	private final OwnCard ownCard;

	private final PartnerCards cards;

	private final GatewayClient gateway;

	private final Clock clock;

	private final String nodeId;

	ExchangeController(ReactiveMongoTemplate mongo, OwnCard ownCard, PartnerCards cards, GatewayClient gateway,
			Clock clock, @Value("${caduceus.node.id}") String nodeId) {
		this.mongo = mongo;
		this.ownCard = ownCard;
		this.cards = cards;
		this.gateway = gateway;
		this.clock = clock;
		this.nodeId = nodeId;
	}

	/** The service's client of its gateway, with its own key. */
	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	static class GatewayConfiguration {

		@Bean
		GatewayClient gatewayClient(WebClient.Builder builder, ExchangeSettings settings,
				@Value("${caduceus.node.id}") String nodeId) {
			return new GatewayClient(builder, settings.gatewayUrl(), nodeId, "contacts", settings.privateKey(),
					settings.publicKey(), settings.peerCache());
		}

	}

	record ExchangeRequest(@NotEmpty @Size(max = 20) List<@NotBlank @Size(max = 64) String> to) {
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

	@PostMapping(path = "/api/v1/contacts/exchanges", consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize("hasRole('ADMIN')")
	Mono<List<Sent>> exchange(@Valid @RequestBody ExchangeRequest request, Authentication admin) {
		if (new HashSet<>(request.to()).size() != request.to().size()) {
			throw new InvalidPartnerData("invalid-exchange", "to", "a partner is named twice");
		}
		return this.ownCard.get()
			.flatMap((card) -> Flux.range(0, request.to().size())
				.concatMap((i) -> recipient(request.to().get(i), i))
				.collectList()
				.flatMap((partners) -> Flux.fromIterable(partners)
					.concatMap((partner) -> send(card, partner, admin))
					.collectList()));
	}

	/**
	 * A pinned partner that is also a federation peer of this node, or a 422 naming it.
	 */
	Mono<PartnerTeam> recipient(String id, int index) {
		return this.mongo.findById(id, PartnerTeam.class)
			.switchIfEmpty(Mono.error(() -> new InvalidPartnerData("unknown-partner", "to[" + index + "]",
					"no partner team '" + id + "'; pin its key first")))
			.flatMap((partner) -> this.gateway.peer(id)
				.map((peer) -> partner)
				.switchIfEmpty(Mono.error(() -> new InvalidPartnerData("not-a-peer", "to[" + index + "]",
						"'" + id + "' runs no node peered with this one; export its card for e-mail instead"))));
	}

	Mono<Sent> send(TeamCard card, PartnerTeam partner, Authentication admin) {
		String sealed = this.cards.seal(card, partner);
		byte[] body = JSON.writeValueAsBytes(Map.of("from", this.nodeId, "sealed", sealed));
		return this.mongo
			.insert(CardRead.of(admin, this.clock.instant().truncatedTo(ChronoUnit.MILLIS), TeamCard.OWN,
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
