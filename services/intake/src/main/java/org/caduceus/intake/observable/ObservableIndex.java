package org.caduceus.intake.observable;

import java.util.Collection;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Which incidents carry an observable, keyed by the observable itself ({@code _id =
 * type:value}). A lookup is one read by primary key, which stays fast at any number of
 * incidents on every store, including the embedded one that ignores secondary indexes.
 * The index is derived from the incidents: it is written after them, readers check the
 * incidents they find, and start-up repair re-adds what a crash may have left out.
 */
@Component
public class ObservableIndex {

	static final String COLLECTION = "observable_index";

	private final ReactiveMongoTemplate mongo;

	ObservableIndex(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
	}

	/**
	 * Indexes {@code observables} under {@code incidentId}.
	 * @return for each observable, every incident now indexed under it (so that a new
	 * incident learns its related ones from the same write)
	 */
	public Mono<java.util.Map<Observable, List<String>>> add(String incidentId, Collection<Observable> observables) {
		return Flux.fromIterable(observables)
			.flatMap((observable) -> this.mongo.findAndModify(byKey(observable),
					new Update().addToSet("incidents", incidentId)
						.set("type", observable.type().code())
						.set("value", observable.value()),
					org.springframework.data.mongodb.core.FindAndModifyOptions.options().upsert(true).returnNew(true),
					Entry.class, COLLECTION)
				.map((entry) -> java.util.Map.entry(observable, entry.incidents())), 4)
			.collectMap(java.util.Map.Entry::getKey, java.util.Map.Entry::getValue);
	}

	public Mono<Void> remove(String incidentId, Observable observable) {
		return this.mongo.updateFirst(byKey(observable), new Update().pull("incidents", incidentId), COLLECTION).then();
	}

	/**
	 * @return the ids of incidents indexed under {@code observable}, oldest first
	 */
	public Mono<List<String>> incidentsWith(Observable observable) {
		return this.mongo.findById(observable.key(), Entry.class, COLLECTION)
			.map(Entry::incidents)
			.defaultIfEmpty(List.of());
	}

	private static Query byKey(Observable observable) {
		return Query.query(Criteria.where("_id").is(observable.key()));
	}

	record Entry(@Id String key, List<String> incidents) {

		Entry {
			incidents = (incidents != null) ? incidents : List.of();
		}

	}

}
