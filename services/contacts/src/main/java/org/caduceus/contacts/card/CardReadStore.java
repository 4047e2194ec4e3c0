package org.caduceus.contacts.card;

import java.util.List;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The record of who read or exported a card's confidential part: each read is recorded
 * before the data is shown, by this package and by the features that disclose a card.
 */
@Component
public class CardReadStore {

	private final ReactiveMongoTemplate mongo;

	CardReadStore(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
	}

	/**
	 * Records a read.
	 * @param read who read which card, and why
	 * @return the read as recorded
	 */
	public Mono<CardRead> record(CardRead read) {
		return this.mongo.insert(read);
	}

	/** The latest reads, newest first. */
	Mono<List<CardRead>> latest(int limit) {
		return this.mongo.find(new Query().with(Sort.by(Sort.Direction.DESC, "at")).limit(limit), CardRead.class)
			.collectList();
	}

}
