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

	/**
	 * Whether the free list may hold numbers. True at start (a crash may have left some),
	 * after a release, and after a next number showed a non-empty list; false once a pop
	 * found none. Saves a round trip per incident while the list is empty, which is
	 * almost always.
	 */
	private final java.util.concurrent.atomic.AtomicBoolean mayHaveFree = new java.util.concurrent.atomic.AtomicBoolean(
			true);

	RefAllocator(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
	}

	Mono<Long> allocate(String series) {
		if (!this.mayHaveFree.get()) {
			return next(series);
		}
		Query withFree = Query.query(Criteria.where("_id").is(series).and("free.0").exists(true));
		return this.mongo
			.findAndModify(withFree, new Update().pop("free", Update.Position.FIRST),
					FindAndModifyOptions.options().returnNew(false), Counter.class, COLLECTION)
			.map((counter) -> counter.free().get(0))
			.switchIfEmpty(Mono.defer(() -> {
				this.mayHaveFree.set(false);
				return next(series);
			}));
	}

	private Mono<Long> next(String series) {
		return Mono.defer(() -> this.mongo
			.findAndModify(Query.query(Criteria.where("_id").is(series)), new Update().inc("next", 1L),
					FindAndModifyOptions.options().returnNew(true).upsert(true), Counter.class, COLLECTION)
			.doOnNext((counter) -> {
				if (!counter.free().isEmpty()) {
					this.mayHaveFree.set(true);
				}
			})
			.map(Counter::next));
	}

	/** Gives back a number whose incident was never stored. */
	Mono<Void> release(String series, long number) {
		this.mayHaveFree.set(true);
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
