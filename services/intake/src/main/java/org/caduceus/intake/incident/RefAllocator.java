package org.caduceus.intake.incident;

import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Hands out incident numbers per node and year without gaps, on any MongoDB and with any
 * number of service replicas, without transactions. Each series is one counter document:
 * {@code next} counts numbers ever issued, {@code free} holds numbers that were issued
 * but never used (a failed insert gives its number back; start-up repair finds those a
 * crash left behind). A free number is handed out before a new one, so numbers may be
 * used out of order but none is skipped. The unique index on {@code ref} is the last
 * guard: a number used twice fails the insert, which then simply takes another.
 */
@Component
class RefAllocator {

	static final String COLLECTION = "ref_counters";

	private final ReactiveMongoTemplate mongo;

	RefAllocator(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
	}

	Mono<Long> allocate(String series) {
		Query withFree = Query.query(Criteria.where("_id").is(series).and("free.0").exists(true));
		return this.mongo
			.findAndModify(withFree, new Update().pop("free", Update.Position.FIRST),
					FindAndModifyOptions.options().returnNew(false), Counter.class, COLLECTION)
			.map((counter) -> counter.free().get(0))
			.switchIfEmpty(Mono.defer(() -> this.mongo
				.findAndModify(Query.query(Criteria.where("_id").is(series)), new Update().inc("next", 1L),
						FindAndModifyOptions.options().returnNew(true).upsert(true), Counter.class, COLLECTION)
				.map(Counter::next)));
	}

	/** Gives back a number whose incident was never stored. */
	Mono<Void> release(String series, long number) {
		return this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(series)), new Update().addToSet("free", number),
					COLLECTION)
			.then();
	}

	/**
	 * @return how many numbers the series has issued
	 */
	Mono<Long> issued(String series) {
		return this.mongo.findById(series, Counter.class, COLLECTION).map(Counter::next).defaultIfEmpty(0L);
	}

	record Counter(String id, long next, java.util.List<Long> free) {

		Counter {
			free = (free != null) ? free : java.util.List.of();
		}

	}

}
