package org.caduceus.intake.incident;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.caduceus.intake.access.Viewer;
import org.caduceus.intake.observable.Observable;
import org.caduceus.taxonomy.Tlp;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads and writes incidents. Creates its indexes at start-up, before the service reports
 * ready; an observable is found through the multikey index on the incidents' observables.
 * Lists leave out the journal, the history, the description and the reporter's contact
 * person: a page of 200 stays small and personal data stays where it is needed.
 */
@Component
class IncidentStore implements InitializingBean {

	static final String COLLECTION = "incidents";

	static final String RETIRED_OBSERVABLE_INDEX = "observable_index";

	private static final String[] LIST_EXCLUDES = { "journal", "history", "description", "reporter.contact" };

	private final ReactiveMongoTemplate mongo;

	IncidentStore(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
	}

	@Override
	public void afterPropertiesSet() {
		var indexes = this.mongo.indexOps(COLLECTION);
		Flux.concat(indexes.createIndex(new Index().on("ref", Sort.Direction.ASC).unique().named("ref_unique")), indexes
			.createIndex(
					new Index().on("createdAt", Sort.Direction.DESC).on("_id", Sort.Direction.DESC).named("created")),
				indexes.createIndex(new Index().on("updatedAt", Sort.Direction.DESC).named("updated")),
				indexes.createIndex(new Index().on("status", Sort.Direction.ASC)
					.on("createdAt", Sort.Direction.DESC)
					.named("status_created")),
				indexes.createIndex(new Index().on("classification.rsitClass", Sort.Direction.ASC)
					.on("classification.rsitType", Sort.Direction.ASC)
					.named("rsit")),
				indexes.createIndex(new Index().on("tlp", Sort.Direction.ASC).named("tlp")),
				indexes.createIndex(new Index().on("severity", Sort.Direction.ASC).named("severity")),
				indexes.createIndex(new Index().on("classification.careServices", Sort.Direction.ASC).named("care")),
				indexes.createIndex(new Index().on("reporter.organisation", Sort.Direction.ASC).named("reporter")),
				indexes.createIndex(new Index().on("assignee", Sort.Direction.ASC).named("assignee")),
				indexes.createIndex(new Index().on("significant", Sort.Direction.ASC).named("significant")),
				indexes.createIndex(new Index().on("observables.value", Sort.Direction.ASC).named("observable")),
				this.mongo.indexOps(RefAllocator.COLLECTION).ensureIndex(new Index().on("next", Sort.Direction.ASC)),
				// a separate index of observables, kept before the embedded store had
				// secondary indexes: derived data, now read from the incidents themselves
				this.mongo.collectionExists(RETIRED_OBSERVABLE_INDEX)
					.flatMap((exists) -> exists ? this.mongo.dropCollection(RETIRED_OBSERVABLE_INDEX) : Mono.empty()))
			.then()
			.block();
	}

	public Mono<Incident> insert(Incident incident) {
		return this.mongo.insert(incident, COLLECTION);
	}

	/**
	 * Saves a changed incident; fails with an optimistic locking error when it changed
	 * meanwhile.
	 */
	public Mono<Incident> save(Incident incident) {
		return this.mongo.save(incident, COLLECTION);
	}

	public Mono<Incident> findById(String id) {
		return this.mongo.findById(id, Incident.class, COLLECTION);
	}

	public Mono<Incident> findByRef(String ref) {
		return this.mongo.findOne(Query.query(Criteria.where("ref").is(ref)), Incident.class, COLLECTION);
	}

	/** Which of these references an incident carries, through the unique index. */
	public Flux<String> refsIn(List<String> refs) {
		Query query = Query.query(Criteria.where("ref").in(refs));
		query.fields().include("ref");
		return this.mongo.find(query, org.bson.Document.class, COLLECTION).map((found) -> found.getString("ref"));
	}

	/** Summaries of these incidents, one primary-key read each, in the order given. */
	public Flux<Incident> summaries(List<String> ids) {
		return Flux.fromIterable(ids).concatMap(this::summary);
	}

	/**
	 * As {@link #summaries(List)}, up to eight reads at a time, still in the order given.
	 */
	public Flux<Incident> summariesInParallel(List<String> ids) {
		return Flux.fromIterable(ids).flatMapSequential(this::summary, 8);
	}

	private Mono<Incident> summary(String id) {
		Query query = Query.query(Criteria.where("_id").is(id));
		query.fields().exclude(LIST_EXCLUDES);
		return this.mongo.findOne(query, Incident.class, COLLECTION);
	}

	/**
	 * The ids of the incidents that carry {@code observable}, oldest first. The
	 * observables live in the incident document, so what is found here cannot lag behind
	 * an incident, whatever crashed when.
	 */
	public Mono<List<String>> idsWith(Observable observable) {
		// the driver's own query: asked once per observable of every incident read, it
		// skips Spring Data's query mapping, which cost more than the query itself
		org.bson.Document filter = new org.bson.Document("observables", new org.bson.Document("$elemMatch",
				new org.bson.Document("value", observable.value()).append("type", observable.type().name())));
		return this.mongo.getCollection(COLLECTION)
			.flatMapMany((incidents) -> incidents.find(filter)
				.projection(new org.bson.Document("_id", 1))
				.sort(new org.bson.Document("createdAt", 1).append("_id", 1)))
			.map((found) -> found.getString("_id"))
			.collectList();
	}

	private static Criteria carrying(Observable observable) {
		return Criteria.where("observables")
			.elemMatch(Criteria.where("value").is(observable.value()).and("type").is(observable.type()));
	}

	public Flux<Incident> list(IncidentQuery request, Viewer viewer) {
		List<Criteria> all = new ArrayList<>();
		all.add(visibleTo(viewer));
		if (!request.statuses().isEmpty()) {
			all.add(Criteria.where("status").in(request.statuses()));
		}
		if (!request.tlps().isEmpty()) {
			all.add(Criteria.where("tlp").in(request.tlps()));
		}
		if (request.rsitClass() != null) {
			all.add(Criteria.where("classification.rsitClass").is(request.rsitClass()));
		}
		if (request.rsitType() != null) {
			all.add(Criteria.where("classification.rsitType").is(request.rsitType()));
		}
		if (!request.severities().isEmpty()) {
			all.add(Criteria.where("severity").in(request.severities()));
		}
		if (request.careService() != null) {
			all.add(Criteria.where("classification.careServices").is(request.careService()));
		}
		if (request.reporterOrganisation() != null) {
			all.add(Criteria.where("reporter.organisation").is(request.reporterOrganisation()));
		}
		if (request.assignee() != null) {
			all.add(Criteria.where("assignee").is(request.assignee()));
		}
		if (request.unassigned()) {
			all.add(Criteria.where("assignee").is(null));
		}
		if (request.from() != null) {
			all.add(Criteria.where("createdAt").gte(request.from()));
		}
		if (request.to() != null) {
			all.add(Criteria.where("createdAt").lt(request.to()));
		}
		if (request.text() != null) {
			Pattern words = Pattern.compile(Pattern.quote(request.text()), Pattern.CASE_INSENSITIVE);
			all.add(new Criteria().orOperator(Criteria.where("title").regex(words),
					Criteria.where("description").regex(words)));
		}
		if (request.observable() != null) {
			all.add(carrying(request.observable()));
		}
		IncidentSort sort = request.sort();
		if (request.after() != null) {
			Object value = request.after().typedValue();
			String id = request.after().id();
			all.add(sort.descending()
					? new Criteria().orOperator(Criteria.where(sort.field()).lt(value),
							new Criteria().andOperator(Criteria.where(sort.field()).is(value),
									Criteria.where("_id").lt(id)))
					: new Criteria().orOperator(Criteria.where(sort.field()).gt(value), new Criteria()
						.andOperator(Criteria.where(sort.field()).is(value), Criteria.where("_id").gt(id))));
		}
		Sort.Direction direction = sort.descending() ? Sort.Direction.DESC : Sort.Direction.ASC;
		Query query = Query.query(new Criteria().andOperator(all))
			.with(Sort.by(direction, sort.field()).and(Sort.by(direction, "_id")))
			.limit(request.limit() + 1);
		query.fields().exclude(LIST_EXCLUDES);
		return this.mongo.find(query, Incident.class, COLLECTION);
	}

	/** Significant incidents the viewer may see, with what the NIS2 clock needs. */
	public Flux<Incident> significant(Viewer viewer) {
		Query query = Query.query(new Criteria().andOperator(visibleTo(viewer), Criteria.where("significant").is(true),
				Criteria.where("status").nin(IncidentStatus.REJECTED, IncidentStatus.DUPLICATE)));
		query.fields().exclude("journal", "history", "reporter.contact");
		return this.mongo.find(query, Incident.class, COLLECTION);
	}

	/** Not coordinators: no TLP:RED incident they neither filed nor are assigned. */
	static Criteria visibleTo(Viewer viewer) {
		if (viewer.isCoordinator()) {
			return new Criteria();
		}
		return new Criteria().orOperator(Criteria.where("tlp").ne(Tlp.RED),
				Criteria.where("createdBy").is(viewer.user()), Criteria.where("assignee").is(viewer.user()));
	}

}
