package org.caduceus.contacts.card;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The node's own card, for the features that send it. */
@Component
public class OwnCard {

	private final ReactiveMongoTemplate mongo;

	OwnCard(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
	}

	/**
	 * @return the card, or an error saying there is none yet
	 */
	public Mono<TeamCard> get() {
		return CardController.own(this.mongo);
	}

}
