package org.caduceus.gateway.federation;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;

import org.caduceus.federation.EnvelopeVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Nonces of accepted federation requests, in the {@code nonces} collection keyed by
 * sender and nonce, so a replay is refused by every gateway replica and after a restart.
 * Each is kept until its signature expires: a TTL index removes them on MongoDB, and a
 * sweep every minute does the same on stores without TTL (the embedded one).
 */
@Component
class MongoNonceStore implements EnvelopeVerifier.NonceStore, InitializingBean, DisposableBean {

	static final String COLLECTION = "nonces";

	private static final Duration SWEEP = Duration.ofMinutes(1);

	private static final Logger log = LoggerFactory.getLogger(MongoNonceStore.class);

	private final ReactiveMongoTemplate mongo;

	private Disposable sweeper = () -> {
	};

	MongoNonceStore(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
	}

	record SeenNonce(@Id String id, Instant expiresAt) {
	}

	@Override
	public void afterPropertiesSet() {
		this.mongo.indexOps(COLLECTION)
			.createIndex(
					new Index("expiresAt", org.springframework.data.domain.Sort.Direction.ASC).expire(Duration.ZERO))
			.onErrorResume((ex) -> {
				log.warn("no TTL index on nonces ({}); the sweep removes expired ones", ex.getMessage());
				return Mono.empty();
			})
			.block(Duration.ofSeconds(30));
		this.sweeper = Flux.interval(SWEEP, SWEEP)
			.onBackpressureDrop()
			.concatMap((tick) -> sweep().onErrorResume((ex) -> Mono.empty()))
			.subscribe();
	}

	@Override
	public void destroy() {
		this.sweeper.dispose();
	}

	/**
	 * Blocking: the verifier calls it on a bounded-elastic thread, last of its checks.
	 */
	@Override
	public boolean firstUse(String keyId, String nonce, Instant expiresAt) {
		Boolean first = this.mongo.insert(new SeenNonce(keyId + " " + nonce, expiresAt), COLLECTION)
			.thenReturn(true)
			.onErrorResume(DuplicateKeyException.class, (ex) -> Mono.just(false))
			// a store that does not answer is the store unavailable (503 to the
			// peer, which sends again), not a server error
			.timeout(Duration.ofSeconds(10))
			.onErrorMap(TimeoutException.class,
					(ex) -> new DataAccessResourceFailureException("the store did not record the nonce in 10 s", ex))
			.block();
		return Boolean.TRUE.equals(first);
	}

	Mono<Long> sweep() {
		return this.mongo.remove(Query.query(Criteria.where("expiresAt").lt(Instant.now())), COLLECTION)
			.map((result) -> result.getDeletedCount());
	}

}
