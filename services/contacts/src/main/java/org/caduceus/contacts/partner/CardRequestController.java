package org.caduceus.contacts.partner;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.caduceus.contacts.card.OwnCard;
import org.caduceus.contacts.partner.PartnerProblems.InvalidPartnerData;
import org.caduceus.gatewayclient.GatewayClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asking a partner for its card, so that nobody's on-call list is pushed without consent:
 * a request goes to the partner's node ({@code POST /api/v1/contacts/requests}); a
 * request that arrives ({@code /federation/v1/contacts/requests}) waits until this node's
 * admin approves it, which sends the card, or declines it.
 */
@RestController
class CardRequestController {

	private static final Logger log = LoggerFactory.getLogger(CardRequestController.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ReactiveMongoTemplate mongo;

	private final ExchangeController exchange;

	private final PartnerCards cards;

	private final GatewayClient gateway;

	private final OwnCard ownCard;

	private final Clock clock;

	private final String nodeId;

	CardRequestController(ReactiveMongoTemplate mongo, ExchangeController exchange, PartnerCards cards,
			GatewayClient gateway, OwnCard ownCard, Clock clock, @Value("${caduceus.node.id}") String nodeId) {
		this.mongo = mongo;
		this.exchange = exchange;
		this.cards = cards;
		this.gateway = gateway;
		this.ownCard = ownCard;
		this.clock = clock;
		this.nodeId = nodeId;
	}

	/**
	 * A request for a card, sent or received.
	 *
	 * @param id this node's id of it
	 * @param direction {@code OUTGOING} or {@code INCOMING}
	 * @param partner the other team
	 * @param reason why the card is asked for
	 * @param status {@code SENT}, {@code FAILED}, {@code PENDING}, {@code APPROVED} or
	 * {@code DECLINED}
	 * @param at when it was made or received
	 * @param by who made or received it
	 * @param decidedBy the admin who approved or declined it
	 * @param decidedAt when
	 * @param detail a failure or a decline reason
	 */
	@Document(CardRequest.COLLECTION)
	record CardRequest(@Id String id, String direction, String partner, String reason, String status, Instant at,
			String by, @Nullable String decidedBy, @Nullable Instant decidedAt, @Nullable String detail) {

		static final String COLLECTION = "card_requests";

	}

	record RequestCard(@NotBlank @Size(max = 64) String to, @NotBlank @Size(max = 500) String reason) {
	}

	record IncomingRequest(@NotBlank @Size(max = 64) String from,
			@NotBlank @Pattern(regexp = "[0-9a-f-]{36}") String requestId, @NotBlank @Size(max = 500) String reason) {
	}

	record Decline(@NotBlank @Size(max = 500) String reason) {
	}

	@PostMapping(path = "/api/v1/contacts/requests", consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize("hasAnyRole('ADMIN','COORDINATOR')")
	Mono<ResponseEntity<CardRequest>> request(@Valid @RequestBody RequestCard request, Authentication user) {
		String id = UUID.randomUUID().toString();
		byte[] body = JSON.writeValueAsBytes(Map.of("from", this.nodeId, "requestId", id, "reason", request.reason()));
		return this.exchange.recipient(request.to(), 0)
			.flatMap((partner) -> this.gateway.send(partner.id(), "contacts/requests", body))
			.flatMap((reply) -> this.mongo.insert(new CardRequest(id, "OUTGOING", request.to(), request.reason(),
					reply.delivered() ? "SENT" : "FAILED", now(), user.getName(), null, null,
					reply.delivered() ? null : reply.summary())))
			.map((saved) -> ResponseEntity.created(URI.create("/api/v1/contacts/requests/" + saved.id())).body(saved));
	}

	@PostMapping(path = "/federation/v1/contacts/requests", consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize("hasRole('PEER')")
	Mono<ResponseEntity<CardRequest>> receive(@Valid @RequestBody IncomingRequest request, Authentication peer) {
		String id = request.from() + ":" + request.requestId();
		return this.cards.pinnedSender(peer, request.from())
			.flatMap((partner) -> this.mongo.findById(id, CardRequest.class)
				.switchIfEmpty(Mono.defer(() -> this.mongo.insert(new CardRequest(id, "INCOMING", request.from(),
						request.reason(), "PENDING", now(), "node." + request.from(), null, null, null)))))
			.doOnNext((received) -> log.info("card request {} from {}: {}", received.id(), received.partner(),
					received.status()))
			.map((received) -> ResponseEntity.status(HttpStatus.ACCEPTED).body(received));
	}

	@GetMapping("/api/v1/contacts/requests")
	@PreAuthorize("hasAnyRole('ADMIN','AUDITOR')")
	Mono<List<CardRequest>> list(@RequestParam(required = false) @Nullable String status) {
		Query query = (status != null) ? Query.query(Criteria.where("status").is(status.toUpperCase())) : new Query();
		return this.mongo.find(query.with(Sort.by(Sort.Direction.DESC, "at")).limit(200), CardRequest.class)
			.collectList();
	}

	/** Sends this node's card to the partner that asked for it. */
	@PostMapping("/api/v1/contacts/requests/{id}/approve")
	@PreAuthorize("hasRole('ADMIN')")
	Mono<CardRequest> approve(@PathVariable String id, Authentication admin) {
		return pending(id).flatMap((request) -> this.ownCard.get()
			.flatMap((card) -> this.exchange.recipient(request.partner(), 0)
				.flatMap((partner) -> this.exchange.send(card, partner, admin)))
			.flatMap((sent) -> decide(request, "SENT".equals(sent.status()) ? "APPROVED" : "PENDING", admin,
					sent.detail())));
	}

	@PostMapping(path = "/api/v1/contacts/requests/{id}/decline", consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize("hasRole('ADMIN')")
	Mono<CardRequest> decline(@PathVariable String id, @Valid @RequestBody Decline decline, Authentication admin) {
		return pending(id).flatMap((request) -> decide(request, "DECLINED", admin, decline.reason()));
	}

	private Mono<CardRequest> pending(String id) {
		return this.mongo.findById(id, CardRequest.class)
			.filter((request) -> request.direction().equals("INCOMING"))
			.switchIfEmpty(Mono.error(() -> new PartnerProblems.UnknownRequest(id)))
			.flatMap((request) -> request.status().equals("PENDING") ? Mono.just(request)
					: Mono.error(new InvalidPartnerData("request-decided", "id",
							"the request is " + request.status() + " already")));
	}

	private Mono<CardRequest> decide(CardRequest request, String status, Authentication admin,
			@Nullable String detail) {
		return this.mongo
			.findAndModify(Query.query(Criteria.where("_id").is(request.id()).and("status").is("PENDING")),
					new Update().set("status", status)
						.set("decidedBy", admin.getName())
						.set("decidedAt", now())
						.set("detail", detail),
					org.springframework.data.mongodb.core.FindAndModifyOptions.options().returnNew(true),
					CardRequest.class)
			.switchIfEmpty(Mono
				.error(() -> new InvalidPartnerData("request-decided", "id", "the request was decided meanwhile")));
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
