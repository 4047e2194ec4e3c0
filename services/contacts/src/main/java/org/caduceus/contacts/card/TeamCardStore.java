package org.caduceus.contacts.card;

import org.caduceus.contacts.card.CardProblems.NoCardYet;
import org.caduceus.contacts.card.CardProblems.VersionMismatch;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Where the node's own card is kept: one document, replaced only from the version it was
 * made from, so that two admins writing at once cannot both win.
 */
@Component
class TeamCardStore {

	private final ReactiveMongoTemplate mongo;

	TeamCardStore(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
	}

	/**
	 * @return the node's own card, or {@link NoCardYet}
	 */
	Mono<TeamCard> own() {
		return this.mongo.findById(TeamCard.OWN, TeamCard.class).switchIfEmpty(Mono.error(NoCardYet::new));
	}

	/** Stores the first version; refused when a card exists. */
	Mono<TeamCard> create(TeamCard card) {
		return this.mongo.insert(card)
			.onErrorMap(DuplicateKeyException.class,
					(ex) -> new VersionMismatch(false, "The card exists already; send If-Match with its ETag"));
	}

	/**
	 * Replaces the version {@code card} was made from.
	 * @return the card as stored, or empty when the stored one is no longer that version
	 */
	Mono<TeamCard> replace(TeamCard card) {
		return this.mongo.findAndReplace(
				Query.query(Criteria.where("_id").is(card.id()).and("version").is(card.version() - 1)), card,
				FindAndReplaceOptions.options().returnNew());
	}

}
