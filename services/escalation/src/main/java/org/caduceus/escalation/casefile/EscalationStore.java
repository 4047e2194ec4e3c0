package org.caduceus.escalation.casefile;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

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
 * The {@code escalations} collection. Every write is one document write; writes made from
 * a copy read earlier are guarded by its {@code revision}, the delivery worker's by its
 * lease.
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
				indexes.createIndex(new Index().on("createdAt", Sort.Direction.DESC).named("created")))
			.then()
			.block(Duration.ofSeconds(30));
	}

	public Mono<Escalation> insert(Escalation escalation) {
		return this.mongo.insert(escalation, COLLECTION);
	}

	public Mono<Escalation> findById(String id) {
		return this.mongo.findById(id, Escalation.class, COLLECTION);
	}

	/**
	 * @return the escalations matching {@code query}
	 */
	public Flux<Escalation> find(Query query) {
		return this.mongo.find(query, Escalation.class, COLLECTION);
	}

	/**
	 * Applies {@code update} when the escalation still has {@code revision}.
	 * @return the escalation after the write, empty when it changed meanwhile
	 */
	public Mono<Escalation> updateIfUnchanged(String id, long revision, Update update) {
		return this.mongo.findAndModify(Query.query(Criteria.where("_id").is(id).and("revision").is(revision)),
				update.inc("revision", 1), FindAndModifyOptions.options().returnNew(true), Escalation.class,
				COLLECTION);
	}

	/**
	 * Applies {@code update} when the escalation's status is one of {@code from}.
	 * @return the escalation after the write, empty when its status was another
	 */
	public Mono<Escalation> updateIfStatus(String id, Collection<EscalationStatus> from, Update update) {
		return this.mongo.findAndModify(Query.query(Criteria.where("_id").is(id).and("status").in(from)),
				update.inc("revision", 1), FindAndModifyOptions.options().returnNew(true), Escalation.class,
				COLLECTION);
	}

	/**
	 * Makes an escalation with messages waiting and no attempt planned due now: after a
	 * message was queued or sent, and as a repair after a crash between the two.
	 */
	public Mono<Void> kick(@Nullable String id, Instant now) {
		Criteria waiting = Criteria.where("pending").gt(0).and("nextAttemptAt").is(null);
		Query query = Query.query((id != null) ? waiting.and("_id").is(id) : waiting);
		return this.mongo.updateMulti(query, new Update().set("nextAttemptAt", now).inc("revision", 1), COLLECTION)
			.then();
	}

	/**
	 * @return the ids of up to {@code batch} escalations due for delivery and not claimed
	 * by a live worker, the longest waiting first
	 */
	public Flux<String> due(Instant now, int batch) {
		Query query = Query.query(due(now)).with(Sort.by("nextAttemptAt")).limit(batch);
		query.fields().include("_id");
		return this.mongo.find(query, DueId.class, COLLECTION).map(DueId::id);
	}

	record DueId(@org.springframework.data.annotation.Id String id) {
	}

	/**
	 * Claims one due escalation for {@code owner} until {@code leaseUntil}.
	 * @return the claimed escalation, empty when another worker was first
	 */
	public Mono<Escalation> claim(String id, Instant now, String owner, Instant leaseUntil) {
		return this.mongo.findAndModify(Query.query(due(now).and("_id").is(id)),
				new Update().set("leaseOwner", owner).set("leaseUntil", leaseUntil).inc("revision", 1),
				FindAndModifyOptions.options().returnNew(true), Escalation.class, COLLECTION);
	}

	/**
	 * Applies the outcome of a delivery attempt, if {@code owner} still holds the lease.
	 * @return the escalation after the write, empty when the lease was lost
	 */
	public Mono<Escalation> settle(String id, String owner, Update update) {
		return this.mongo.findAndModify(Query.query(Criteria.where("_id").is(id).and("leaseOwner").is(owner)),
				update.set("leaseOwner", null).set("leaseUntil", null).inc("revision", 1),
				FindAndModifyOptions.options().returnNew(true), Escalation.class, COLLECTION);
	}

	/**
	 * Makes every waiting escalation to {@code peer} due now: the peer answered again.
	 * @return how many
	 */
	public Mono<Long> retryNow(String peer, Instant now) {
		Query query = Query.query(Criteria.where("peerNode").is(peer).and("nextAttemptAt").gt(now));
		return this.mongo.updateMulti(query, new Update().set("nextAttemptAt", now).inc("revision", 1), COLLECTION)
			.map((result) -> result.getModifiedCount());
	}

	/**
	 * @return how many escalations match
	 */
	public Mono<Long> count(Query query) {
		return this.mongo.count(query, Escalation.class, COLLECTION);
	}

	private static Criteria due(Instant now) {
		return Criteria.where("nextAttemptAt")
			.lte(now)
			.orOperator(Criteria.where("leaseUntil").is(null), Criteria.where("leaseUntil").lt(now));
	}

}
