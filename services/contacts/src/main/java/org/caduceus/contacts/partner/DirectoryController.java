package org.caduceus.contacts.partner;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.caduceus.contacts.card.OwnCard;
import org.caduceus.contacts.card.TeamCard;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/contacts/directory?country=&sector=}: the public parts of this
 * node's card and of every card a partner sent, searchable by country and sector.
 */
@RestController
class DirectoryController {

	private final ReactiveMongoTemplate mongo;

	private final OwnCard ownCard;

	private final String nodeId;

	DirectoryController(ReactiveMongoTemplate mongo, OwnCard ownCard, @Value("${caduceus.node.id}") String nodeId) {
		this.mongo = mongo;
		this.ownCard = ownCard;
		this.nodeId = nodeId;
	}

	/**
	 * A team in the directory.
	 *
	 * @param id the node id (this node) or the partner's id
	 * @param own whether it is this node's team
	 * @param card the public part of its card
	 * @param cardVersion its version
	 * @param updatedAt when this node last wrote or received it
	 */
	record Entry(String id, boolean own, TeamCard.PublicPart card, long cardVersion, Instant updatedAt) {
	}

	@GetMapping("/api/v1/contacts/directory")
	@PreAuthorize("hasAnyRole('ANALYST','COORDINATOR','ADMIN','AUDITOR')")
	Mono<List<Entry>> directory(@RequestParam(required = false) @Nullable String country,
			@RequestParam(required = false) @Nullable String sector) {
		Mono<List<Entry>> own = this.ownCard.get()
			.map((card) -> List.of(new Entry(this.nodeId, true, card.publicPart(), card.version(), card.updatedAt())))
			.onErrorResume((ex) -> Mono.just(List.of()));
		Mono<List<Entry>> partners = this.mongo.find(new Query().with(Sort.by("_id")), PartnerTeam.class)
			.filter((partner) -> partner.card() != null)
			.map((partner) -> new Entry(partner.id(), false, partner.card().publicPart(), partner.card().cardVersion(),
					partner.card().receivedAt()))
			.collectList();
		return Mono.zip(own, partners).map((both) -> {
			List<Entry> all = new ArrayList<>(both.getT1());
			all.addAll(both.getT2());
			return all.stream()
				.filter((entry) -> country == null || entry.card().country().equalsIgnoreCase(country.strip()))
				.filter((entry) -> sector == null || entry.card()
					.sector()
					.toLowerCase(Locale.ROOT)
					.contains(sector.strip().toLowerCase(Locale.ROOT)))
				.toList();
		});
	}

}
