package org.caduceus.console.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.caduceus.identity.Role;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import reactor.core.publisher.Mono;

/**
 * Sessions kept in the store, so that several console replicas share them and a sign-out
 * ends a session everywhere. A session ends after {@code idle} without a request and
 * after {@code absolute} in any case; its key changes at every step of a sign-in, so a
 * key seen before the password cannot be used after it.
 */
public class Sessions implements org.caduceus.console.StoreIndexes.Owner {

	/** A request refreshes the idle limit at most this often: not one write per page. */
	private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

	private final ReactiveMongoOperations mongo;

	private final Duration idle;

	private final Duration absolute;

	private final Clock clock;

	public Sessions(ReactiveMongoOperations mongo, Duration idle, Duration absolute, Clock clock) {
		this.mongo = mongo;
		this.idle = idle;
		this.absolute = absolute;
		this.clock = clock;
	}

	/** The store drops expired sessions itself (a TTL index on {@code expiresAt}). */
	@Override
	public Mono<Void> prepareIndexes() {
		return this.mongo.indexOps(ConsoleSession.class)
			.createIndex(new Index().on("expiresAt", org.springframework.data.domain.Sort.Direction.ASC)
				.expire(Duration.ZERO))
			.then(this.mongo.indexOps(ConsoleSession.class)
				.createIndex(new Index().on("user", org.springframework.data.domain.Sort.Direction.ASC)))
			.then();
	}

	/** A session started with the cookie value it is known by. */
	public record Started(String cookie, ConsoleSession session) {
	}

	public Mono<Started> start(String user, Role role, Stage stage, @Nullable String pendingTotpSecret) {
		return start(user, role, stage, pendingTotpSecret, null);
	}

	/** A session an OpenID Connect provider signed in, holding its tokens sealed. */
	public Mono<Started> start(String user, Role role, ProviderTokens tokens) {
		return start(user, role, Stage.ACTIVE, null, tokens);
	}

	private Mono<Started> start(String user, Role role, Stage stage, @Nullable String pendingTotpSecret,
			@Nullable ProviderTokens tokens) {
		Instant now = this.clock.instant();
		String cookie = Secrets.random();
		ConsoleSession session = new ConsoleSession(key(cookie), user, role, stage, Secrets.random(), now, now,
				ConsoleSession.expiry(now, now, this.idle, this.absolute), pendingTotpSecret,
				(tokens != null) ? tokens.seal(cookie) : null);
		return this.mongo.insert(session).map((saved) -> new Started(cookie, saved));
	}

	/**
	 * The provider's renewed tokens, and the role they give now, in place of the
	 * session's, unless another request renewed them first ({@code from} is what this one
	 * renewed).
	 * @return whether this renewal was kept
	 */
	public Mono<Boolean> renewed(String cookie, ProviderTokens.Sealed from, ProviderTokens tokens, Role role) {
		return this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(key(cookie)).and("tokens.box").is(from.box())),
					new Update().set("tokens", tokens.seal(cookie)).set("role", role), ConsoleSession.class)
			.map((result) -> result.getModifiedCount() > 0);
	}

	/**
	 * The next step of a sign-in: a new key (and cookie) for the same start time, the old
	 * one removed.
	 */
	public Mono<Started> advance(String cookie, ConsoleSession from, Stage stage, @Nullable String pendingTotpSecret) {
		Instant now = this.clock.instant();
		String next = Secrets.random();
		ConsoleSession session = new ConsoleSession(key(next), from.user(), from.role(), stage, Secrets.random(),
				from.createdAt(), now, ConsoleSession.expiry(from.createdAt(), now, this.idle, this.absolute),
				pendingTotpSecret, null);
		return this.mongo.insert(session).flatMap((saved) -> end(cookie).thenReturn(new Started(next, saved)));
	}

	/** The live session this cookie names; an expired one is removed and not returned. */
	public Mono<ConsoleSession> find(String cookie) {
		Instant now = this.clock.instant();
		return this.mongo.findById(key(cookie), ConsoleSession.class).flatMap((session) -> {
			if (session.expired(now, this.idle, this.absolute)) {
				return end(cookie).then(Mono.empty());
			}
			if (Duration.between(session.seenAt(), now).compareTo(TOUCH_EVERY) < 0) {
				return Mono.just(session);
			}
			Instant expiresAt = ConsoleSession.expiry(session.createdAt(), now, this.idle, this.absolute);
			return this.mongo
				.updateFirst(Query.query(Criteria.where("_id").is(session.key())),
						new Update().set("seenAt", now).set("expiresAt", expiresAt), ConsoleSession.class)
				.thenReturn(session);
		});
	}

	/**
	 * Whether the session this cookie names is still live, without counting as a request:
	 * a page left open does not keep its session from lapsing.
	 */
	public Mono<Boolean> isLive(String cookie) {
		Instant now = this.clock.instant();
		return this.mongo.findById(key(cookie), ConsoleSession.class)
			.map((session) -> session.stage() == Stage.ACTIVE && !session.expired(now, this.idle, this.absolute))
			.defaultIfEmpty(false);
	}

	public Mono<Void> end(String cookie) {
		return this.mongo.remove(Query.query(Criteria.where("_id").is(key(cookie))), ConsoleSession.class).then();
	}

	/** Every session of the user, on every replica and browser. */
	public Mono<Long> endAll(String user) {
		return this.mongo.remove(Query.query(Criteria.where("user").is(user)), ConsoleSession.class)
			.map(com.mongodb.client.result.DeleteResult::getDeletedCount);
	}

	static String key(String cookie) {
		return Secrets.sha256(cookie);
	}

}
