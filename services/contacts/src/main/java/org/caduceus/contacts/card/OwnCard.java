package org.caduceus.contacts.card;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The node's own card, for the features that send it. */
@Component
public class OwnCard {

	private final TeamCardStore cards;

	OwnCard(TeamCardStore cards) {
		this.cards = cards;
	}

	/**
	 * @return the card, or an error saying there is none yet
	 */
	public Mono<TeamCard> get() {
		return this.cards.own();
	}

}
