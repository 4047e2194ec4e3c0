package org.caduceus.escalation.casefile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code escalations} collection, and the only place that knows how a change to an
 * {@link Escalation} becomes a MongoDB update: the fields its methods changed are set,
 * what they added to its lists pushed, a delivered message popped. Every write is one
 * document write; writes made from a copy read earlier are guarded by its
 * {@code revision}, the delivery worker's by its lease.
 */
@Component
public class EscalationStore implements InitializingBean {

	static final String COLLECTION = "escalations";

	private final ReactiveMongoTemplate mongo;

	EscalationStore(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
	}

	@Override
	public void afterPropertiesSet() {
		var indexes = this.mongo.indexOps(COLLECTION);
		Flux.concat(indexes.createIndex(new Index().on("nextAttemptAt", Sort.Direction.ASC).named("due")),
				indexes.createIndex(new Index().on("peerNode", Sort.Direction.ASC)
					.on("status", Sort.Direction.ASC)
					.named("peer-status")),
				indexes.createIndex(new Index().on("createdAt", Sort.Direction.DESC).named("created")),
				indexes.createIndex(new Index().on("status", Sort.Direction.ASC)
					.on("direction", Sort.Direction.ASC)
					.on("_id", Sort.Direction.ASC)
					.named("status-direction-id")),
				indexes.createIndex(new Index().on("tlpWatched", Sort.Direction.ASC)
					.on("_id", Sort.Direction.ASC)
					.named("tlp-watched-id")))
			.then(markTlpWatched())
			.block(Duration.ofSeconds(30));
	}

	/**
	 * Sets {@code tlpWatched} on the escalations a partner holds that were written before
	 * it was kept (read through the status index, once per start), so the TLP watch finds
	 * them; one written meanwhile got it from that write.
	 */
	private Mono<Void> markTlpWatched() {
		Query legacy = Query.query(Criteria.where("status")
			.in(Escalation.HELD_BY_PARTNER)
			.and("direction")
			.is(Escalation.Direction.OUTBOUND)
			.and("tlpWatched")
			.exists(false));
		return this.mongo.find(legacy, EscalationDocument.class, COLLECTION)
			.map(EscalationDocument::toEscalation)
			.concatMap(
					(escalation) -> this.mongo
						.updateFirst(
								Query.query(Criteria.where("_id")
									.is(escalation.key().value())
									.and("revision")
									.is(escalation.revision())
									.and("tlpWatched")
									.exists(false)),
								new Update().set("tlpWatched", escalation.tlpWatched()), COLLECTION))
			.then();
	}

	public Mono<Escalation> insert(Escalation escalation) {
		return this.mongo.insert(EscalationDocument.of(escalation), COLLECTION).map(EscalationDocument::toEscalation);
	}

	public Mono<Escalation> find(EscalationKey key) {
		return this.mongo.findById(key.value(), EscalationDocument.class, COLLECTION)
			.map(EscalationDocument::toEscalation);
	}

	/**
	 * A page of escalations, newest first.
	 * @param filter what to list
	 * @param limit how many at most
	 */
	public Flux<Escalation> list(EscalationFilter filter, int limit) {
		List<Criteria> filters = new ArrayList<>();
		if (filter.direction() != null) {
			filters.add(Criteria.where("direction").is(filter.direction()));
		}
		if (!filter.statuses().isEmpty()) {
			filters.add(Criteria.where("status").in(filter.statuses()));
		}
		if (filter.peer() != null) {
			filters.add(Criteria.where("peerNode").is(filter.peer().value()));
		}
		EscalationFilter.After after = filter.after();
		if (after != null) {
			filters.add(new Criteria().orOperator(Criteria.where("createdAt").lt(after.createdAt()),
					Criteria.where("createdAt").is(after.createdAt()).and("_id").lt(after.key())));
		}
		Query query = new Query();
		if (!filters.isEmpty()) {
			query.addCriteria(new Criteria().andOperator(filters));
		}
		query.with(Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("_id"))).limit(limit);
		return this.mongo.find(query, EscalationDocument.class, COLLECTION).map(EscalationDocument::toEscalation);
	}

	/**
	 * @return the escalations still waiting for the partner (queued, delivered or
	 * acknowledged), the earliest acknowledgement due first
	 */
	public Flux<Escalation> waitingForPartner() {
		Query query = Query
			.query(Criteria.where("status")
				.in(EscalationStatus.QUEUED, EscalationStatus.DELIVERED, EscalationStatus.ACKNOWLEDGED)
				.and("decisionDueAt")
				.exists(true))
			.with(Sort.by("ackDueAt"));
		return this.mongo.find(query, EscalationDocument.class, COLLECTION).map(EscalationDocument::toEscalation);
	}

	/**
	 * A page of the escalations the TLP watch sweeps ({@link Escalation#tlpWatched()}:
	 * sent from here, held by the partner, and not at RED there already), in key order:
	 * one index range (equality on {@code tlpWatched}, a range on the key), so a page
	 * stops reading once it is full and what is not swept is never read.
	 * @param after the last key of the previous page, null for the first
	 */
	public Flux<Escalation> tlpWatched(@Nullable EscalationKey after, int limit) {
		Criteria criteria = Criteria.where("tlpWatched").is(true);
		if (after != null) {
			criteria = criteria.and("_id").gt(after.value());
		}
		Query query = Query.query(criteria).with(Sort.by(Sort.Order.asc("_id"))).limit(limit);
		return this.mongo.find(query, EscalationDocument.class, COLLECTION).map(EscalationDocument::toEscalation);
	}

	/**
	 * Writes what changed since {@code escalation} was read, if nobody wrote it meanwhile
	 * (its revision is unchanged).
	 * @return the escalation after the write; empty when it changed meanwhile
	 */
	public Mono<Escalation> save(Escalation escalation) {
		return write(Criteria.where("_id").is(escalation.key().value()).and("revision").is(escalation.revision()),
				escalation, Function.identity());
	}

	/**
	 * Writes the outcome of a delivery attempt and releases the lease, if {@code owner}
	 * still holds it. Only the worker changes what an attempt changes while it holds the
	 * lease, so this write is not guarded by the revision: messages queued meanwhile stay
	 * queued behind the one delivered.
	 * @return the escalation after the write; empty when the lease was lost
	 */
	public Mono<Escalation> settle(Escalation escalation, String owner) {
		return write(Criteria.where("_id").is(escalation.key().value()).and("leaseOwner").is(owner), escalation,
				(update) -> update.set("leaseOwner", null).set("leaseUntil", null));
	}

	private Mono<Escalation> write(Criteria guard, Escalation escalation, Function<Update, Update> more) {
		Update update = more.apply(changes(escalation)).set("tlpWatched", escalation.tlpWatched()).inc("revision", 1);
		return this.mongo
			.findAndModify(Query.query(guard), update, FindAndModifyOptions.options().returnNew(true),
					EscalationDocument.class, COLLECTION)
			.map(EscalationDocument::toEscalation);
	}

	/**
	 * @return whether {@code escalation} changed since it was read
	 */
	static boolean changed(Escalation escalation) {
		return !changes(escalation).getUpdateObject().isEmpty();
	}

	/** The update that makes the stored escalation what {@code escalation} is now. */
	static Update changes(Escalation escalation) {
		Escalation stored = escalation.stored();
		if (stored == null) {
			throw new IllegalStateException("escalation " + escalation.key() + " was never stored");
		}
		Update update = new Update();
		set(update, "status", stored.status(), escalation.status());
		set(update, "statusReason", stored.statusReason(), escalation.statusReason());
		set(update, "blockedRule", (stored.blockedRule() != null) ? stored.blockedRule().slug() : null,
				(escalation.blockedRule() != null) ? escalation.blockedRule().slug() : null);
		set(update, "partnerRef", stored.partnerRef(), escalation.partnerRef());
		set(update, "tlpRaisedTo", (stored.tlpRaisedTo() != null) ? stored.tlpRaisedTo().code() : null,
				(escalation.tlpRaisedTo() != null) ? escalation.tlpRaisedTo().code() : null);
		set(update, "attempts", stored.attempts(), escalation.attempts());
		set(update, "nextAttemptAt", stored.nextAttemptAt(), escalation.nextAttemptAt());
		set(update, "lastError", stored.lastError(), escalation.lastError());
		set(update, "updatedAt", stored.updatedAt(), escalation.updatedAt());
		set(update, "acknowledgedAt", stored.acknowledgedAt(), escalation.acknowledgedAt());
		set(update, "decidedAt", stored.decidedAt(), escalation.decidedAt());
		push(update, "notes", stored.notes(), escalation.notes());
		push(update, "timeline", stored.timeline(), escalation.timeline());
		if (escalation.outboxCleared()) {
			update.set("outbox", escalation.outbox());
		}
		else if (escalation.taken() > 0) {
			if (escalation.taken() > 1 || escalation.outbox().size() != stored.outbox().size() - 1) {
				throw new IllegalStateException("one message leaves the outbox per write, and none joins it then");
			}
			update.pop("outbox", Update.Position.FIRST);
		}
		else {
			push(update, "outbox", stored.outbox(), escalation.outbox());
		}
		if (escalation.pendingReset()) {
			update.set("pending", escalation.pending());
		}
		else if (escalation.pending() != stored.pending()) {
			update.inc("pending", escalation.pending() - stored.pending());
		}
		return update;
	}

	private static void set(Update update, String field, @Nullable Object before, @Nullable Object after) {
		if (!Objects.equals(before, after)) {
			update.set(field, after);
		}
	}

	private static <T> void push(Update update, String field, List<T> before, List<T> after) {
		if (after.size() < before.size() || !after.subList(0, before.size()).equals(before)) {
			throw new IllegalStateException(field + " only grows");
		}
		List<T> added = after.subList(before.size(), after.size());
		if (added.size() == 1) {
			update.push(field, added.get(0));
		}
		else if (!added.isEmpty()) {
			update.push(field).each(added.toArray());
		}
	}

	/**
	 * Makes an escalation with messages waiting and no attempt planned due now: after a
	 * message was queued or sent, and as a repair after a crash between the two.
	 * @param key the escalation, or null for every one
	 */
	public Mono<Void> kick(@Nullable EscalationKey key, Instant now) {
		Criteria waiting = Criteria.where("pending").gt(0).and("nextAttemptAt").is(null);
		Query query = Query.query((key != null) ? waiting.and("_id").is(key.value()) : waiting);
		return this.mongo.updateMulti(query, new Update().set("nextAttemptAt", now).inc("revision", 1), COLLECTION)
			.then();
	}

	/**
	 * @return the keys of up to {@code batch} escalations due for delivery and not
	 * claimed by a live worker, the longest waiting first
	 */
	public Flux<EscalationKey> due(Instant now, int batch) {
		Query query = Query.query(due(now)).with(Sort.by("nextAttemptAt")).limit(batch);
		query.fields().include("_id");
		return this.mongo.find(query, DueId.class, COLLECTION).map((due) -> new EscalationKey(due.id()));
	}

	record DueId(@org.springframework.data.annotation.Id String id) {
	}

	/**
	 * Claims one due escalation for {@code owner} until {@code leaseUntil}.
	 * @return the claimed escalation, empty when another worker was first
	 */
	public Mono<Escalation> claim(EscalationKey key, Instant now, String owner, Instant leaseUntil) {
		return this.mongo
			.findAndModify(Query.query(due(now).and("_id").is(key.value())),
					new Update().set("leaseOwner", owner).set("leaseUntil", leaseUntil).inc("revision", 1),
					FindAndModifyOptions.options().returnNew(true), EscalationDocument.class, COLLECTION)
			.map(EscalationDocument::toEscalation);
	}

	/**
	 * Makes every waiting escalation to {@code peer} due now: the peer answered again.
	 * @return how many
	 */
	public Mono<Long> retryNow(NodeId peer, Instant now) {
		Query query = Query.query(Criteria.where("peerNode").is(peer.value()).and("nextAttemptAt").gt(now));
		return this.mongo.updateMulti(query, new Update().set("nextAttemptAt", now).inc("revision", 1), COLLECTION)
			.map((result) -> result.getModifiedCount());
	}

	private static Criteria due(Instant now) {
		return Criteria.where("nextAttemptAt")
			.lte(now)
			.orOperator(Criteria.where("leaseUntil").is(null), Criteria.where("leaseUntil").lt(now));
	}

}
