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
	 * One attempt to sign in (a password or a code), counted before it is checked: an
	 * account that is locked is not tried at all, and of many attempts sent at once no
	 * more than {@code maxFailures} are tried before the lock holds. The count starts
	 * again only when a sign-in is complete ({@link #succeeded}), so a right password
	 * followed by wrong codes, again and again, locks the account as well.
	 *
	 * @param allowed whether this attempt may be checked
	 * @param lockedNow whether this attempt locked the account
	 */
	public record Attempt(boolean allowed, boolean lockedNow) {
	}

	public Mono<Attempt> attempt(String name, int maxFailures, Duration lockout, Instant now) {
		Query open = Query.query(Criteria.where("_id")
			.is(name)
			.orOperator(Criteria.where("lockedUntil").is(null), Criteria.where("lockedUntil").lte(now)));
		return this.mongo
			.findAndModify(open, new Update().inc("failures", 1), FindAndModifyOptions.options().returnNew(true),
					Account.class)
			.flatMap((account) -> {
				if (account.failures() < maxFailures) {
					return Mono.just(new Attempt(true, false));
				}
				return this.mongo
					.updateFirst(byName(name), new Update().set("failures", 0).set("lockedUntil", now.plus(lockout)),
							Account.class)
					.thenReturn(new Attempt(true, true));
			})
			.defaultIfEmpty(new Attempt(false, false));
	}

	public Mono<Void> succeeded(String name) {
		return this.mongo.updateFirst(byName(name), new Update().set("failures", 0).unset("lockedUntil"), Account.class)
			.then();
	}

	/**
	 * Sets the account's own password in place of its one-time password, only while a
	 * one-time password is what it has: a sign-in step left open from before cannot
	 * change the password later.
	 * @return whether the password was changed
	 */
	public Mono<Boolean> passwordChanged(String name, String passwordHash) {
		return this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(name).and("mustChangePassword").is(true)),
					new Update().set("passwordHash", passwordHash).set("mustChangePassword", false), Account.class)
			.map((result) -> result.getModifiedCount() == 1);
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

	/**
	 * Enrols the second factor, only if the account has none: of two enrolments, the
	 * second finds one already there and changes nothing.
	 * @return whether this secret is now the account's
	 */
	public Mono<Boolean> totpEnrolled(String name, String secret, long step) {
		return this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(name).and("totpSecret").exists(false)),
					new Update().set("totpSecret", secret).set("totpLastStep", step), Account.class)
			.map((result) -> result.getModifiedCount() == 1);
	}

	/**
	 * A name typed at the sign-in form that has no account is recorded by a digest: what
	 * people type there is sometimes their password.
	 */
	public static String unknownName(String typed) {
		try {
			byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
				.digest(typed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			return "unknown:" + java.util.HexFormat.of().formatHex(digest, 0, 6);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public Mono<SignInEvent> record(String user, SignInEvent.Kind kind, String address, Instant now) {
		return this.mongo.insert(new SignInEvent(UUID.randomUUID().toString(), now, user, kind, address, null));
	}

	/** A sign-in through the provider that the console refused, and why. */
	public Mono<SignInEvent> refused(String user, String reason, String address, Instant now) {
		return this.mongo.insert(new SignInEvent(UUID.randomUUID().toString(), now, user,
				SignInEvent.Kind.PROVIDER_REFUSED, address, reason));
	}

	public Flux<SignInEvent> events(int limit) {
		return this.mongo.find(new Query().with(Sort.by(Sort.Direction.DESC, "at")).limit(limit), SignInEvent.class);
	}

	private static Query byName(String name) {
		return Query.query(Criteria.where("_id").is(name));
	}

}
