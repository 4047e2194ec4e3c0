package org.caduceus.console.oidc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.caduceus.console.session.Secrets;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import reactor.core.publisher.Mono;

/**
 * Sign-ins on their way through the provider, kept in the store so that the provider may
 * send the browser back to any console replica. Each is taken once and lives ten minutes.
 */
class PendingAuthorizations implements org.caduceus.console.StoreIndexes.Owner {

	static final Duration LIFETIME = Duration.ofMinutes(10);

	private final ReactiveMongoOperations mongo;

	private final Clock clock;

	PendingAuthorizations(ReactiveMongoOperations mongo, Clock clock) {
		this.mongo = mongo;
		this.clock = clock;
	}

	/** A sign-in begun: the browser's cookie and what the provider is sent. */
	record Begun(String cookie, PendingAuthorization pending, String codeChallenge) {
	}

	@Override
	public Mono<Void> prepareIndexes() {
		return this.mongo.indexOps(PendingAuthorization.class)
			.createIndex(new Index().on("expiresAt", Sort.Direction.ASC).expire(Duration.ZERO))
			.then();
	}

	Mono<Begun> begin(String redirectUri, String next) {
		String cookie = Secrets.random();
		String verifier = Secrets.random();
		PendingAuthorization pending = new PendingAuthorization(Secrets.sha256(cookie), Secrets.random(),
				Secrets.random(), verifier, redirectUri, next, this.clock.instant().plus(LIFETIME));
		// the challenge is S256 (RFC 7636): BASE64URL(SHA-256(ASCII(code_verifier)))
		return this.mongo.insert(pending).map((saved) -> new Begun(cookie, saved, Secrets.sha256(verifier)));
	}

	/** The sign-in this cookie began, removed so that it cannot be finished twice. */
	Mono<PendingAuthorization> take(String cookie) {
		Instant now = this.clock.instant();
		return this.mongo
			.findAndRemove(Query.query(Criteria.where("_id").is(Secrets.sha256(cookie))), PendingAuthorization.class)
			.filter((pending) -> now.isBefore(pending.expiresAt()));
	}

}
