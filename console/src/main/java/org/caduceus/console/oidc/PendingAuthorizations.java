package org.caduceus.console.oidc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

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

	private static final SecureRandom RANDOM = new SecureRandom();

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
		String cookie = random();
		String verifier = random();
		PendingAuthorization pending = new PendingAuthorization(key(cookie), random(), random(), verifier, redirectUri,
				next, this.clock.instant().plus(LIFETIME));
		return this.mongo.insert(pending).map((saved) -> new Begun(cookie, saved, s256(verifier)));
	}

	/** The sign-in this cookie began, removed so that it cannot be finished twice. */
	Mono<PendingAuthorization> take(String cookie) {
		Instant now = this.clock.instant();
		return this.mongo.findAndRemove(Query.query(Criteria.where("_id").is(key(cookie))), PendingAuthorization.class)
			.filter((pending) -> now.isBefore(pending.expiresAt()));
	}

	/** RFC 7636: BASE64URL(SHA-256(ASCII(code_verifier))). */
	static String s256(String verifier) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier));
	}

	private static String key(String cookie) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(cookie));
	}

	private static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** 256 random bits, Base64url: a PKCE verifier of 43 characters. */
	private static String random() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
