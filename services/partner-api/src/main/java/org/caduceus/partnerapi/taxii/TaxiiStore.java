package org.caduceus.partnerapi.taxii;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The objects of the TAXII collections, in segments of records kept in the order they
 * were added ({@link TaxiiSegment}) and an entry per object with its versions
 * ({@link TaxiiVersions}). Every read goes by id: a page starts at the segment that holds
 * its first record and reads on segment by segment until it has enough; which version is
 * the newest or the oldest is answered by the objects' entries. So a page costs the same
 * on the embedded store, which has no secondary indexes, as on MongoDB.
 * <p>
 * Appends are optimistic: a segment is only extended at the size this replica saw, and a
 * new one only created under an id nobody took; on a clash the replica re-reads and tries
 * again. {@code added} is strictly increasing within a collection, so a page cursor is
 * one number.
 */
@Component
class TaxiiStore {

	static final String SEGMENTS = "taxii_segments";

	/** Segments fetched per round trip while a page fills. */
	private static final int BATCH = 5;

	private static final int ATTEMPTS = 20;

	private static final int LOOKUP_CHUNK = 200;

	private final ReactiveMongoTemplate mongo;

	private final Clock clock;

	private final Map<String, NavigableMap<Long, Head>> heads = new ConcurrentHashMap<>();

	TaxiiStore(ReactiveMongoTemplate mongo, Clock clock) {
		this.mongo = mongo;
		this.clock = clock;
	}

	/** What this replica knows of a segment without reading its records. */
	record Head(long seq, long firstAdded, long lastAdded, int count) {
	}

	/**
	 * Which versions a request wants: {@code last}, {@code first}, {@code all} or given
	 * ones.
	 */
	record Versions(boolean all, boolean last, boolean first, List<String> given) {

		static final Versions LAST = new Versions(false, true, false, List.of());

		boolean wants(TaxiiRecord record, TaxiiSegment segment) {
			return this.all || (this.last && segment.latest(record)) || (this.first && segment.first(record))
					|| this.given.contains(record.version());
		}

	}

	/** Where a page ends: the last record's added time (and object, for reading). */
	record Cursor(long added, String objectId) {

		String encode() {
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString((this.added + ":" + this.objectId).getBytes(StandardCharsets.UTF_8));
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

		boolean admits(TaxiiRecord record, long after) {
			return record.added() > after && this.tlps.contains(record.tlp())
					&& (this.types.isEmpty() || this.types.contains(record.type()))
					&& (this.ids.isEmpty() || this.ids.contains(record.objectId()));
		}

	}

	record Page(List<TaxiiRecord> records, boolean more) {
	}

	Mono<Page> page(String collection, Filter filter, @Nullable Cursor cursor, int limit) {
		if (filter.tlps().isEmpty()) {
			// nothing can match (e.g. match[spec_version] without 2.1): no segment to
			// read
			return Mono.just(new Page(List.of(), false));
		}
		long after = Math.max((filter.addedAfter() != null) ? filter.addedAfter() : Long.MIN_VALUE,
				(cursor != null) ? cursor.added() : Long.MIN_VALUE);
		Mono<List<Long>> segments = filter.ids().isEmpty() ? sync(collection)
			.map((known) -> known.values().stream().filter((head) -> head.lastAdded() > after).map(Head::seq).toList())
				: entries(collection, filter.ids()).map((entries) -> entries.values()
					.stream()
					.flatMap((versions) -> versions.versions().stream())
					.filter((entry) -> entry.added() > after)
					.map(TaxiiVersions.Entry::seq)
					.distinct()
					.sorted()
					.toList());
		return segments.flatMap((seqs) -> fill(collection, seqs, 0, filter, after, limit, new ArrayList<>()));
	}

	/**
	 * Reads segments {@code BATCH} at a time until the page has one record more than
	 * asked.
	 */
	private Mono<Page> fill(String collection, List<Long> seqs, int from, Filter filter, long after, int limit,
			List<TaxiiRecord> found) {
		if (found.size() > limit || from >= seqs.size()) {
			boolean more = found.size() > limit;
			return Mono.just(new Page(List.copyOf(more ? found.subList(0, limit) : found), more));
		}
		List<String> ids = seqs.subList(from, Math.min(seqs.size(), from + BATCH))
			.stream()
			.map((seq) -> TaxiiSegment.id(collection, seq))
			.toList();
		return this.mongo.find(Query.query(Criteria.where("_id").in(ids)), TaxiiSegment.class)
			.collectList()
			.flatMap((segments) -> {
				segments.stream().sorted(Comparator.comparingLong(TaxiiSegment::seq)).forEach((segment) -> {
					for (TaxiiRecord record : segment.records()) {
						if (found.size() > limit) {
							return;
						}
						if (filter.admits(record, after) && filter.versions().wants(record, segment)) {
							found.add(record);
						}
					}
				});
				return fill(collection, seqs, from + BATCH, filter, after, limit, found);
			});
	}

	/**
	 * @return the versions of one object readable at {@code tlps}, oldest first
	 */
	Mono<List<String>> versions(String collection, String objectId, Set<String> tlps) {
		return entries(collection, List.of(objectId)).map((entries) -> {
			TaxiiVersions versions = entries.get(objectId);
			if (versions == null) {
				return List.of();
			}
			return versions.versions()
				.stream()
				.filter((entry) -> tlps.contains(entry.tlp()))
				.sorted(Comparator.comparingLong(TaxiiVersions.Entry::added))
				.map(TaxiiVersions.Entry::version)
				.toList();
		});
	}

	private Mono<Map<String, TaxiiVersions>> entries(String collection, List<String> objectIds) {
		if (objectIds.isEmpty()) {
			return Mono.just(Map.of());
		}
		List<String> ids = objectIds.stream().map((objectId) -> TaxiiVersions.id(collection, objectId)).toList();
		// in chunks: the embedded store checks every match against the whole $in list
		return Flux.fromIterable(ids)
			.buffer(LOOKUP_CHUNK)
			.concatMap((chunk) -> this.mongo.find(Query.query(Criteria.where("_id").in(chunk)), TaxiiVersions.class))
			.collectMap((versions) -> versions.id().substring(collection.length() + 1));
	}

	/** An object to add: what the store needs of it. */
	record Incoming(String objectId, String type, @Nullable String version, String tlp, String json) {
	}

	/** What became of one object added: its version, and whether it was there already. */
	record Added(String objectId, String version, boolean alreadyPresent) {
	}

	/**
	 * Who adds objects: the STIX identity they are recorded under, and whether it is one
	 * of this node's own people.
	 */
	record Owner(String identity, boolean local) {
	}

	/**
	 * A new version of an object another author added first: nothing of the request is
	 * stored.
	 *
	 * @param index where it is in the request
	 * @param objectId its id
	 */
	static final class NotOwner extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final int index;

		NotOwner(int index, String objectId) {
			super(objectId);
			this.index = index;
		}

		int index() {
			return this.index;
		}

	}

	/**
	 * Adds objects to a collection. A version already there (for an SCO: the same
	 * content) is not added again: a re-sent object is a success, marked already present.
	 * The first version of an object records its owner; a new version from anyone else
	 * fails the whole request with {@link NotOwner}, before anything is written.
	 */
	Mono<List<Added>> add(String collection, Owner owner, List<Incoming> objects) {
		return entries(collection, objects.stream().map(Incoming::objectId).distinct().toList()).flatMap((known) -> {
			List<Added> outcomes = new ArrayList<>(java.util.Collections.nCopies(objects.size(), (Added) null));
			// what is there already, by the key a re-sent object has: its version, or for
			// an
			// SCO (no version of its own) its content
			Map<String, String> stored = new HashMap<>();
			known.forEach((objectId, versions) -> versions.versions().forEach((entry) -> {
				stored.put(sameKey(objectId, entry.version(), entry.hash()), entry.version());
				stored.put(sameKey(objectId, null, entry.hash()), entry.version());
			}));
			for (int i = 0; i < objects.size(); i++) {
				Incoming object = objects.get(i);
				TaxiiVersions versions = known.get(object.objectId());
				if (versions != null && !versions.ownedBy(owner.identity(), owner.local()) && !stored
					.containsKey(sameKey(object.objectId(), object.version(), ApiKeys.sha256(object.json())))) {
					return Mono.error(new NotOwner(i, object.objectId()));
				}
			}
			List<Pending> pending = new ArrayList<>();
			Map<String, Integer> pendingByKey = new HashMap<>();
			Map<Integer, Integer> twins = new LinkedHashMap<>();
			for (int i = 0; i < objects.size(); i++) {
				Incoming object = objects.get(i);
				String hash = ApiKeys.sha256(object.json());
				String key = sameKey(object.objectId(), object.version(), hash);
				if (stored.containsKey(key)) {
					outcomes.set(i, new Added(object.objectId(), stored.get(key), true));
				}
				else if (pendingByKey.containsKey(key)) {
					twins.put(i, pendingByKey.get(key));
				}
				else {
					pendingByKey.put(key, pending.size());
					pending.add(new Pending(object, hash, i));
				}
			}
			List<Demotion> demotions = flag(known, pending);
			return append(collection, pending).flatMap((records) -> {
				List<Mono<?>> writes = new ArrayList<>();
				Set<String> firstOfObject = new java.util.HashSet<>();
				Map<String, TaxiiVersions> fresh = new LinkedHashMap<>();
				for (Demotion demotion : demotions) {
					writes.add(this.mongo.updateFirst(
							Query.query(Criteria.where("_id").is(TaxiiSegment.id(collection, demotion.seq()))),
							new Update().addToSet(demotion.field(), demotion.recordId()), TaxiiSegment.class));
				}
				for (int j = 0; j < records.size(); j++) {
					TaxiiRecord record = records.get(j);
					Pending source = pending.get(j);
					outcomes.set(source.outcome(), new Added(record.objectId(), record.version(), false));
					TaxiiVersions.Entry entry = new TaxiiVersions.Entry(record.version(), record.added(), source.seq(),
							record.tlp(), record.hash());
					String id = TaxiiVersions.id(collection, record.objectId());
					if (known.containsKey(record.objectId()) || !firstOfObject.add(record.objectId())) {
						writes.add(this.mongo.upsert(Query.query(Criteria.where("_id").is(id)),
								new Update().push("versions", entry).setOnInsert("owner", owner.identity()),
								TaxiiVersions.class));
					}
					else {
						fresh.put(record.objectId(),
								new TaxiiVersions(id, new ArrayList<>(List.of(entry)), owner.identity()));
					}
				}
				twins.forEach((index, twin) -> outcomes.set(index,
						new Added(records.get(twin).objectId(), records.get(twin).version(), true)));
				// entries of objects new here in one bulk insert; a second version in the
				// same request is pushed after it
				Mono<Void> inserted = fresh.isEmpty() ? Mono.empty()
						: this.mongo.insertAll(new ArrayList<>(fresh.values())).then();
				return inserted.thenMany(Flux.fromIterable(writes).flatMap((write) -> write, 8))
					.then(Mono.fromSupplier(() -> List.copyOf(outcomes)));
			});
		});
	}

	private static String sameKey(String objectId, @Nullable String version, String hash) {
		return objectId + "|" + ((version != null) ? "v:" + version : "h:" + hash);
	}

	/** A record that a new version no longer lets be the newest or the oldest. */
	private record Demotion(long seq, String recordId, String field) {
	}

	/**
	 * The newest or oldest version of an object so far: stored, or pending at an index.
	 */
	private record Extreme(java.time.Instant version, String recordId, long seq, int pending) {
	}

	/**
	 * Sets which pending records are the newest and oldest versions of their objects, and
	 * lists the stored records they displace.
	 */
	private static List<Demotion> flag(Map<String, TaxiiVersions> known, List<Pending> pending) {
		Map<String, Extreme> newest = new HashMap<>();
		Map<String, Extreme> oldest = new HashMap<>();
		known.forEach((objectId, versions) -> {
			TaxiiVersions.Entry top = versions.newest();
			TaxiiVersions.Entry bottom = versions.oldest();
			newest.put(objectId,
					new Extreme(TaxiiTime.parse(top.version()), objectId + "|" + top.version(), top.seq(), -1));
			oldest.put(objectId, new Extreme(TaxiiTime.parse(bottom.version()), objectId + "|" + bottom.version(),
					bottom.seq(), -1));
		});
		List<Demotion> demotions = new ArrayList<>();
		for (int j = 0; j < pending.size(); j++) {
			Pending one = pending.get(j);
			String objectId = one.object().objectId();
			// an SCO's version is when it is added: always the newest
			java.time.Instant version = (one.object().version() != null) ? TaxiiTime.parse(one.object().version())
					: java.time.Instant.MAX;
			Extreme top = newest.get(objectId);
			Extreme bottom = oldest.get(objectId);
			one.latest = top == null || !version.isBefore(top.version());
			one.first = bottom == null || version.isBefore(bottom.version());
			Extreme self = new Extreme(version, "", -1, j);
			if (one.latest) {
				if (top != null) {
					demote(top, "demotedLatest", pending, demotions);
				}
				newest.put(objectId, self);
			}
			if (one.first) {
				if (bottom != null) {
					demote(bottom, "demotedFirst", pending, demotions);
				}
				oldest.put(objectId, self);
			}
		}
		return demotions;
	}

	private static void demote(Extreme displaced, String field, List<Pending> pending, List<Demotion> demotions) {
		if (displaced.pending() >= 0) {
			Pending earlier = pending.get(displaced.pending());
			if (field.equals("demotedLatest")) {
				earlier.latest = false;
			}
			else {
				earlier.first = false;
			}
		}
		else {
			demotions.add(new Demotion(displaced.seq(), displaced.recordId(), field));
		}
	}

	/** An object waiting for its place; {@code seq} is set once it has one. */
	private static final class Pending {

		private final Incoming object;

		private final String hash;

		private final int outcome;

		private long seq;

		private boolean latest = true;

		private boolean first = true;

		Pending(Incoming object, String hash, int outcome) {
			this.object = object;
			this.hash = hash;
			this.outcome = outcome;
		}

		Incoming object() {
			return this.object;
		}

		String hash() {
			return this.hash;
		}

		int outcome() {
			return this.outcome;
		}

		long seq() {
			return this.seq;
		}

	}

	/**
	 * Places {@code pending[from..]}: into the last segment while it has room, else into
	 * a new one; each step at the size this replica saw, retried after a re-read when
	 * another replica got there first.
	 */
	private Mono<List<TaxiiRecord>> append(String collection, List<Pending> pending) {
		List<TaxiiRecord> placed = new ArrayList<>();
		return appendFrom(collection, pending, 0, placed, 0).thenReturn(placed);
	}

	private Mono<Void> appendFrom(String collection, List<Pending> pending, int from, List<TaxiiRecord> placed,
			int attempt) {
		if (from >= pending.size()) {
			return Mono.empty();
		}
		if (attempt > ATTEMPTS) {
			return Mono.error(new IllegalStateException(
					"could not append to TAXII collection " + collection + " after " + ATTEMPTS + " attempts"));
		}
		return sync(collection).flatMap((known) -> {
			Head last = known.isEmpty() ? null : known.lastEntry().getValue();
			boolean room = last != null && last.count() < TaxiiSegment.CAPACITY;
			int take = Math.min(pending.size() - from,
					room ? TaxiiSegment.CAPACITY - last.count() : TaxiiSegment.CAPACITY);
			long added = Math.max(TaxiiTime.micros(this.clock.instant()),
					((last != null) ? last.lastAdded() : Long.MIN_VALUE) + 1);
			long seq = room ? last.seq() : ((last != null) ? last.seq() + 1 : 0);
			List<TaxiiRecord> records = new ArrayList<>();
			for (int i = 0; i < take; i++) {
				Pending one = pending.get(from + i);
				Incoming object = one.object();
				long at = added + i;
				records.add(new TaxiiRecord(object.objectId(), object.type(),
						(object.version() != null) ? object.version() : TaxiiTime.format(at), at, object.tlp(),
						one.hash(), object.json(), one.latest, one.first));
			}
			long lastAdded = added + take - 1;
			Mono<Boolean> written;
			if (room) {
				written = this.mongo
					.updateFirst(Query.query(
							Criteria.where("_id").is(TaxiiSegment.id(collection, seq)).and("count").is(last.count())),
							new Update().push("records")
								.each(records.toArray())
								.inc("count", take)
								.set("lastAdded", lastAdded),
							TaxiiSegment.class)
					.map((result) -> result.getModifiedCount() == 1);
			}
			else {
				written = this.mongo
					.insert(new TaxiiSegment(TaxiiSegment.id(collection, seq), collection, seq, added, lastAdded, take,
							records, null, null))
					.thenReturn(true)
					.onErrorResume(DuplicateKeyException.class, (ex) -> Mono.just(false));
			}
			return written.flatMap((ok) -> {
				if (!ok) {
					return appendFrom(collection, pending, from, placed, attempt + 1);
				}
				NavigableMap<Long, Head> mine = known;
				mine.put(seq,
						new Head(seq, room ? last.firstAdded() : added, lastAdded, (room ? last.count() : 0) + take));
				for (int i = 0; i < take; i++) {
					pending.get(from + i).seq = seq;
				}
				placed.addAll(records);
				return appendFrom(collection, pending, from + take, placed, 0);
			});
		});
	}

	/**
	 * Brings this replica's view of a collection's segments up to date: re-reads the last
	 * one it knows, then looks for the ones after it by id.
	 */
	private Mono<NavigableMap<Long, Head>> sync(String collection) {
		NavigableMap<Long, Head> known = this.heads.computeIfAbsent(collection, (k) -> new ConcurrentSkipListMap<>());
		long start = known.isEmpty() ? 0 : known.lastKey();
		return probe(collection, start, known).flatMap((lastFound) -> {
			if (lastFound) {
				return Mono.just(known);
			}
			// the segments this replica knew are gone (the store was emptied): start over
			known.clear();
			return (start == 0) ? Mono.just(known) : probe(collection, 0, known).thenReturn(known);
		});
	}

	/** Reads heads from {@code seq} on, while they exist; true when {@code seq} did. */
	private Mono<Boolean> probe(String collection, long seq, NavigableMap<Long, Head> known) {
		Query query = Query.query(Criteria.where("_id").is(TaxiiSegment.id(collection, seq)));
		query.fields().exclude("records");
		return this.mongo.findOne(query, Document.class, SEGMENTS).flatMap((head) -> {
			known.put(seq, new Head(seq, ((Number) head.get("firstAdded")).longValue(),
					((Number) head.get("lastAdded")).longValue(), ((Number) head.get("count")).intValue()));
			return probe(collection, seq + 1, known).thenReturn(true);
		}).defaultIfEmpty(false);
	}

	/**
	 * @return the status of a {@code POST objects}, as stored
	 */
	Mono<TaxiiStatus> saveStatus(TaxiiStatus status) {
		return this.mongo.insert(status);
	}

	/**
	 * @return the status {@code id}, empty when there is none
	 */
	Mono<TaxiiStatus> status(String id) {
		return this.mongo.findById(id, TaxiiStatus.class);
	}

}
