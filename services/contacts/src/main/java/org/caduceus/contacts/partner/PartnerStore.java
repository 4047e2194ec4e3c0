package org.caduceus.contacts.partner;

import org.caduceus.contacts.partner.PartnerProblems.PartnerExists;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Where partner teams are kept: one document each, its keys, decisions and last card. */
@Component
class PartnerStore {

	private final ReactiveMongoTemplate mongo;

	PartnerStore(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
	}

	/**
	 * @return the partner, or empty when none has this id
	 */
	Mono<PartnerTeam> find(String id) {
		return this.mongo.findById(id, PartnerTeam.class);
	}

	/** Every partner, by id. */
	Flux<PartnerTeam> all() {
		return this.mongo.find(new Query().with(Sort.by("_id")), PartnerTeam.class);
	}

	/** Stores a newly pinned partner; refused when one with its id is pinned. */
	Mono<PartnerTeam> create(PartnerTeam partner) {
		return this.mongo.insert(partner)
			.onErrorMap(DuplicateKeyException.class, (ex) -> new PartnerExists(partner.id()));
	}

	/** Stores the partner as changed. */
	Mono<PartnerTeam> save(PartnerTeam partner) {
		return this.mongo.save(partner);
	}

}
