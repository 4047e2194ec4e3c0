package org.caduceus.console.views;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The saved views of each user. A view keeps only the filters the list knows, encoded
 * here; a view is found and removed by its owner only, and another's answers as one that
 * is not there.
 */
public class SavedViews implements org.caduceus.console.StoreIndexes.Owner {

	/** Views per user: a list of links, not a store of queries. */
	public static final int MAX_PER_USER = 20;

	public static final int MAX_NAME = 60;

	/** A view's filters, encoded: what a link carries comfortably. */
	public static final int MAX_QUERY = 2_000;

	private final ReactiveMongoOperations mongo;

	private final Clock clock;

	public SavedViews(ReactiveMongoOperations mongo, Clock clock) {
		this.mongo = mongo;
		this.clock = clock;
	}

	/** A view that cannot be saved, and why (shown to the user). */
	public static final class Refused extends RuntimeException {

		Refused(String reason) {
			super(reason, null, false, false);
		}

	}

	@Override
	public Mono<Void> prepareIndexes() {
		return this.mongo.indexOps(SavedView.class)
			.createIndex(new Index().on("user", Sort.Direction.ASC).on("name", Sort.Direction.ASC).unique())
			.then();
	}

	public Flux<SavedView> of(String user) {
		return this.mongo.find(Query.query(Criteria.where("user").is(user)).with(Sort.by("name")).limit(MAX_PER_USER),
				SavedView.class);
	}

	/**
	 * Saves {@code filters} (only the names in {@code known}, blank values left out) as
	 * {@code name}; a view of that name is replaced.
	 */
	public Mono<SavedView> save(String user, String name, MultiValueMap<String, String> filters, List<String> known) {
		String trimmed = name.strip();
		if (trimmed.isEmpty() || trimmed.length() > MAX_NAME) {
			return Mono.error(new Refused("A view's name has 1 to " + MAX_NAME + " characters."));
		}
		String query = encode(filters, known);
		if (query.isEmpty()) {
			return Mono.error(new Refused("Choose at least one filter to save as a view."));
		}
		if (query.length() > MAX_QUERY) {
			return Mono.error(new Refused("These filters are too long to save as a view."));
		}
		Query others = Query.query(Criteria.where("user").is(user).and("name").ne(trimmed));
		Query same = Query.query(Criteria.where("user").is(user).and("name").is(trimmed));
		// one document per user and name (a unique index): saving a name again replaces
		// its filters, and a second click saves nothing twice
		return this.mongo.count(others, SavedView.class)
			.flatMap((count) -> (count >= MAX_PER_USER)
					? Mono.<SavedView>error(new Refused("You have " + MAX_PER_USER + " saved views; remove one first."))
					: this.mongo
						.upsert(same,
								new Update().set("query", query)
									.set("createdAt", this.clock.instant())
									.setOnInsert("_id", UUID.randomUUID().toString()),
								SavedView.class)
						.then(this.mongo.findOne(same, SavedView.class)));
	}

	/**
	 * @return whether the user's view was there and is gone
	 */
	public Mono<Boolean> remove(String user, String id) {
		return this.mongo.remove(Query.query(Criteria.where("_id").is(id).and("user").is(user)), SavedView.class)
			.map((result) -> result.getDeletedCount() > 0);
	}

	/**
	 * The filters a view keeps, form-encoded: the names in {@code known} only, blank
	 * values left out.
	 */
	public static String encode(MultiValueMap<String, String> filters, List<String> known) {
		StringJoiner query = new StringJoiner("&");
		for (String name : known) {
			for (String value : filters.getOrDefault(name, List.of())) {
				if (value != null && !value.isBlank() && value.length() <= 500) {
					query.add(name + "=" + URLEncoder.encode(value.strip(), StandardCharsets.UTF_8));
				}
			}
		}
		return query.toString();
	}

}
