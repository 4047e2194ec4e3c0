package org.caduceus.contacts.partner;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Where card requests are kept; a decision is stored only on a request that is still
 * pending, so that two admins deciding at once cannot both win.
 */
@Component
class CardRequestStore {

	private final ReactiveMongoTemplate mongo;

	CardRequestStore(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
	}

	/**
	 * @return the request, or empty when none has this id
	 */
	Mono<CardRequest> find(String id) {
		return this.mongo.findById(id, CardRequest.class);
	}

	Mono<CardRequest> insert(CardRequest request) {
		return this.mongo.insert(request);
	}

	/** The newest 200 requests, with this status or all. */
	Mono<List<CardRequest>> latest(@Nullable String status) {
		Query query = (status != null) ? Query.query(Criteria.where("status").is(status)) : new Query();
		return this.mongo.find(query.with(Sort.by(Sort.Direction.DESC, "at")).limit(200), CardRequest.class)
			.collectList();
	}

	/**
	 * Stores a decision made on a pending request.
	 * @return the request as stored, or empty when it was decided meanwhile
	 */
	Mono<CardRequest> decide(CardRequest decided) {
		return this.mongo.findAndModify(
				Query.query(Criteria.where("_id").is(decided.id()).and("status").is(CardRequest.PENDING)),
				new Update().set("status", decided.status())
					.set("decidedBy", decided.decidedBy())
					.set("decidedAt", decided.decidedAt())
					.set("detail", decided.detail()),
				FindAndModifyOptions.options().returnNew(true), CardRequest.class);
	}

}
