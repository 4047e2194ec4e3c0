package org.caduceus.console.account;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.caduceus.identity.Role;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The accounts and their sign-in events in the console's own database. Each change is one
 * atomic update, so that two sign-ins racing on one account count both failures.
 */
public class Accounts {

	private final ReactiveMongoOperations mongo;

	public Accounts(ReactiveMongoOperations mongo) {
		this.mongo = mongo;
	}

	public Mono<Account> find(String name) {
		return this.mongo.findById(name, Account.class);
	}

	public Flux<Account> all() {
		return this.mongo.find(new Query().with(Sort.by("_id")), Account.class);
	}

	/** Creates the account; a name already taken fails with DuplicateKeyException. */
	public Mono<Account> create(String name, Role role, String passwordHash, Instant now) {
		return this.mongo.insert(new Account(name, role, passwordHash, true, null, -1, 0, null, now));
	}

	/** A new one-time password; the second factor is removed and the lockout lifted. */
	public Mono<Account> reset(String name, String passwordHash) {
		return this.mongo.findAndModify(byName(name),
				new Update().set("passwordHash", passwordHash)
					.set("mustChangePassword", true)
					.unset("totpSecret")
					.set("totpLastStep", -1L)
					.set("failures", 0)
					.unset("lockedUntil"),
				FindAndModifyOptions.options().returnNew(true), Account.class);
	}

	/**
	 * Counts one failure; at {@code maxFailures} the account is locked for
	 * {@code lockout} and the count starts again.
	 * @return whether this failure locked the account
	 */
	public Mono<Boolean> failed(String name, int maxFailures, Duration lockout, Instant now) {
		return this.mongo
			.findAndModify(byName(name), new Update().inc("failures", 1),
					FindAndModifyOptions.options().returnNew(true), Account.class)
			.flatMap((account) -> {
				if (account.failures() < maxFailures) {
					return Mono.just(false);
				}
				return this.mongo
					.updateFirst(byName(name), new Update().set("failures", 0).set("lockedUntil", now.plus(lockout)),
							Account.class)
					.thenReturn(true);
			})
			.defaultIfEmpty(false);
	}

	public Mono<Void> succeeded(String name) {
		return this.mongo.updateFirst(byName(name), new Update().set("failures", 0).unset("lockedUntil"), Account.class)
			.then();
	}

	public Mono<Void> passwordChanged(String name, String passwordHash) {
		return this.mongo
			.updateFirst(byName(name), new Update().set("passwordHash", passwordHash).set("mustChangePassword", false),
					Account.class)
			.then();
	}

	/**
	 * Records the step of an accepted code, only if it is later than the one recorded: of
	 * two sign-ins with the same code, one wins.
	 * @return whether this code was the first use of its step
	 */
	public Mono<Boolean> codeUsed(String name, long step) {
		return this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(name).and("totpLastStep").lt(step)),
					new Update().set("totpLastStep", step), Account.class)
			.map((result) -> result.getModifiedCount() == 1);
	}

	public Mono<Void> totpEnrolled(String name, String secret, long step) {
		return this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(name).and("totpSecret").exists(false)),
					new Update().set("totpSecret", secret).set("totpLastStep", step), Account.class)
			.then();
	}

	public Mono<SignInEvent> record(String user, SignInEvent.Kind kind, String address, Instant now) {
		return this.mongo.insert(new SignInEvent(UUID.randomUUID().toString(), now, user, kind, address));
	}

	public Flux<SignInEvent> events(int limit) {
		return this.mongo.find(new Query().with(Sort.by(Sort.Direction.DESC, "at")).limit(limit), SignInEvent.class);
	}

	private static Query byName(String name) {
		return Query.query(Criteria.where("_id").is(name));
	}

}
