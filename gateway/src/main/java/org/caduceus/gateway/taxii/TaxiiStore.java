package org.caduceus.gateway.taxii;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The objects of the TAXII collections, in {@code taxii_objects}: every version of every
 * object, each flagged newest and oldest so that the default {@code match[version]=last}
 * is one indexed query, paged in the order objects were added.
 */
@Component
class TaxiiStore implements InitializingBean {

	private static final Logger log = LoggerFactory.getLogger(TaxiiStore.class);

	private final ReactiveMongoTemplate mongo;

	private final Clock clock;

	private final AtomicLong lastAdded = new AtomicLong();

	TaxiiStore(ReactiveMongoTemplate mongo, Clock clock) {
		this.mongo = mongo;
		this.clock = clock;
	}

	@Override
	public void afterPropertiesSet() {
		this.mongo.indexOps(TaxiiRecord.class)
			.createIndex(new Index().on("collection", Sort.Direction.ASC)
				.on("latest", Sort.Direction.ASC)
				.on("added", Sort.Direction.ASC))
			.then(this.mongo.indexOps(TaxiiRecord.class)
				.createIndex(new Index().on("collection", Sort.Direction.ASC).on("objectId", Sort.Direction.ASC)))
			.onErrorResume((ex) -> {
				log.warn("TAXII indexes not created: {}", ex.getMessage());
				return Mono.empty();
			})
			.block(java.time.Duration.ofSeconds(30));
	}

	/**
	 * Which versions a request wants: {@code last}, {@code first}, {@code all} or given
	 * ones.
	 */
	record Versions(boolean all, boolean last, boolean first, List<String> given) {

		static final Versions LAST = new Versions(false, true, false, List.of());

	}

	/** Where a page ends: the last record's added time and id. */
	record Cursor(long added, String id) {

		String encode() {
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString((this.added + ":" + this.id).getBytes(StandardCharsets.UTF_8));
		}

		/**
		 * @return the cursor, or null when {@code token} is not one of ours
		 */
		static @Nullable Cursor decode(String token) {
			try {
				String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
				int colon = text.indexOf(':');
				return new Cursor(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
			}
			catch (IllegalArgumentException | IndexOutOfBoundsException ex) {
				return null;
			}
		}

	}

	/**
	 * What a request filters on.
	 *
	 * @param addedAfter only records added after this (microseconds), or null
	 * @param types {@code match[type]}, empty for all
	 * @param ids {@code match[id]}, empty for all
	 * @param versions {@code match[version]}
	 * @param tlps the TLP codes the caller may receive here
	 */
	record Filter(@Nullable Long addedAfter, List<String> types, List<String> ids, Versions versions,
			Set<String> tlps) {
	}

	record Page(List<TaxiiRecord> records, boolean more) {
	}

	Mono<Page> page(String collection, Filter filter, @Nullable Cursor after, int limit) {
		List<Criteria> all = new ArrayList<>();
		all.add(Criteria.where("collection").is(collection));
		Versions versions = filter.versions();
		if (!versions.all()) {
			List<Criteria> any = new ArrayList<>();
			if (versions.last()) {
				any.add(Criteria.where("latest").is(true));
			}
			if (versions.first()) {
				any.add(Criteria.where("first").is(true));
			}
			if (!versions.given().isEmpty()) {
				any.add(Criteria.where("version").in(versions.given()));
			}
			all.add((any.size() == 1) ? any.get(0) : new Criteria().orOperator(any));
		}
		if (!filter.types().isEmpty()) {
			all.add(Criteria.where("type").in(filter.types()));
		}
		if (!filter.ids().isEmpty()) {
			all.add(Criteria.where("objectId").in(filter.ids()));
		}
		all.add(Criteria.where("tlp").in(filter.tlps()));
		if (filter.addedAfter() != null) {
			all.add(Criteria.where("added").gt(filter.addedAfter()));
		}
		if (after != null) {
			all.add(new Criteria().orOperator(Criteria.where("added").gt(after.added()),
					Criteria.where("added").is(after.added()).and("_id").gt(after.id())));
		}
		Query query = Query.query(new Criteria().andOperator(all))
			.with(Sort.by(Sort.Order.asc("added"), Sort.Order.asc("_id")))
			.limit(limit + 1);
		return this.mongo.find(query, TaxiiRecord.class).collectList().map((found) -> {
			boolean more = found.size() > limit;
			return new Page(more ? found.subList(0, limit) : found, more);
		});
	}

	/** An object to add: what the store needs of it. */
	record Incoming(String objectId, String type, @Nullable String version, String tlp, String json) {
	}

	/** What became of one object added: its version, and whether it was there already. */
	record Added(String objectId, String version, boolean alreadyPresent) {
	}

	/**
	 * Adds objects to a collection. A version already there is not added again (a re-sent
	 * object is a success, marked already present); the newest and oldest flags of each
	 * object are brought up to date.
	 */
	Mono<List<Added>> add(String collection, List<Incoming> objects) {
		List<String> ids = objects.stream().map(Incoming::objectId).distinct().toList();
		return this.mongo
			.find(Query.query(Criteria.where("collection").is(collection).and("objectId").in(ids)), TaxiiRecord.class)
			.collectList()
			.flatMap((existing) -> {
				Map<String, List<TaxiiRecord>> byObject = new HashMap<>();
				existing.forEach(
						(record) -> byObject.computeIfAbsent(record.objectId(), (k) -> new ArrayList<>()).add(record));
				List<Added> outcomes = new ArrayList<>();
				List<TaxiiRecord> fresh = new ArrayList<>();
				for (Incoming object : objects) {
					List<TaxiiRecord> versions = byObject.computeIfAbsent(object.objectId(), (k) -> new ArrayList<>());
					TaxiiRecord same = versions.stream()
						.filter((record) -> (object.version() != null) ? record.version().equals(object.version())
								: record.json().equals(object.json()))
						.findFirst()
						.orElse(null);
					if (same != null) {
						outcomes.add(new Added(object.objectId(), same.version(), true));
						continue;
					}
					long added = nextAdded();
					String version = (object.version() != null) ? object.version() : TaxiiTime.format(added);
					TaxiiRecord record = new TaxiiRecord(collection + "|" + object.objectId() + "|" + version,
							collection, object.objectId(), object.type(), version, added, false, false, object.tlp(),
							object.json());
					versions.add(record);
					fresh.add(record);
					outcomes.add(new Added(object.objectId(), version, false));
				}
				List<TaxiiRecord> toInsert = new ArrayList<>();
				List<String> noLongerLatest = new ArrayList<>();
				List<String> noLongerFirst = new ArrayList<>();
				Set<String> freshIds = new java.util.HashSet<>();
				fresh.forEach((record) -> freshIds.add(record.id()));
				for (List<TaxiiRecord> versions : byObject.values()) {
					TaxiiRecord newest = versions.stream().max(ORDER).orElseThrow();
					TaxiiRecord oldest = versions.stream().min(ORDER).orElseThrow();
					for (TaxiiRecord record : versions) {
						boolean latest = record == newest;
						boolean first = record == oldest;
						if (freshIds.contains(record.id())) {
							toInsert.add(record.withFlags(latest, first));
						}
						else {
							if (record.latest() && !latest) {
								noLongerLatest.add(record.id());
							}
							if (record.first() && !first) {
								noLongerFirst.add(record.id());
							}
						}
					}
				}
				Mono<Void> inserted = toInsert.isEmpty() ? Mono.empty() : this.mongo.insertAll(toInsert).then();
				return inserted.then(flip(noLongerLatest, "latest"))
					.then(flip(noLongerFirst, "first"))
					.thenReturn(List.copyOf(outcomes));
			});
	}

	Mono<List<TaxiiRecord>> versions(String collection, String objectId, Set<String> tlps) {
		return this.mongo
			.find(Query
				.query(Criteria.where("collection").is(collection).and("objectId").is(objectId).and("tlp").in(tlps))
				.with(Sort.by(Sort.Order.asc("added"), Sort.Order.asc("_id"))), TaxiiRecord.class)
			.collectList();
	}

	private static final Comparator<TaxiiRecord> ORDER = Comparator
		.comparing((TaxiiRecord record) -> TaxiiTime.parse(record.version()))
		.thenComparingLong(TaxiiRecord::added);

	private Mono<Void> flip(List<String> ids, String flag) {
		if (ids.isEmpty()) {
			return Mono.empty();
		}
		return this.mongo
			.updateMulti(Query.query(Criteria.where("_id").in(ids)), Update.update(flag, false), TaxiiRecord.class)
			.then();
	}

	/** The next added time: now in microseconds, and always after the last one given. */
	private long nextAdded() {
		long micros = TaxiiTime.micros(this.clock.instant());
		return this.lastAdded.updateAndGet((last) -> Math.max(last + 1, micros));
	}

}
