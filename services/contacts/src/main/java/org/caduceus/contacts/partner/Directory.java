package org.caduceus.contacts.partner;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.caduceus.contacts.card.OwnCard;
import org.caduceus.contacts.card.TeamCard;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The public parts of this node's card and of every card a partner sent, searchable by
 * country and sector.
 */
@Service
class Directory {

	private final OwnCard ownCard;

	private final PartnerStore partners;

	private final String nodeId;

	Directory(OwnCard ownCard, PartnerStore partners, @Value("${caduceus.node.id}") String nodeId) {
		this.ownCard = ownCard;
		this.partners = partners;
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

	/**
	 * @param country an ISO country, any case; all when null
	 * @param sector a part of the sector's name, any case; all when null
	 * @return this node's team first, then the partners by id
	 */
	Mono<List<Entry>> search(@Nullable String country, @Nullable String sector) {
		Mono<List<Entry>> own = this.ownCard.get()
			.map((card) -> List.of(new Entry(this.nodeId, true, card.publicPart(), card.version(), card.updatedAt())))
			.onErrorResume((ex) -> Mono.just(List.of()));
		Mono<List<Entry>> partners = this.partners.all()
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
