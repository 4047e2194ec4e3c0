package org.caduceus.partnerapi.taxii;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Issues, checks and revokes partner API keys. A key reads {@code cdk_<id>_<secret>};
 * only its hash is stored. Checks run from memory (reloaded every refresh, 5 s unless
 * configured, so a revocation through another replica is seen within that time, and at
 * once on this one); the last use is written at most once a minute per key.
 */
@Component
class ApiKeys extends StoreMirror {

	static final String PREFIX = "cdk_";

	private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

	private final SecureRandom random = new SecureRandom();

	private final ReactiveMongoTemplate mongo;

	private final Clock clock;

	private final Map<String, ApiKey> known = new ConcurrentHashMap<>();

	private final Map<String, Instant> lastUseWritten = new ConcurrentHashMap<>();

	ApiKeys(ReactiveMongoTemplate mongo, Clock clock, @Value("${caduceus.taxii.refresh:5s}") Duration refresh) {
		super(refresh);
		this.mongo = mongo;
		this.clock = clock;
	}

	/** A key just issued: the record, and the key itself, shown this once. */
	record Issued(ApiKey key, String secret) {
	}

	/** Why a presented key does not open the API. */
	static final class Refused extends RuntimeException {

		private static final long serialVersionUID = 1L;

		Refused(String message) {
			super(message);
		}

	}

	@Override
	Mono<Void> reload() {
		return this.mongo.findAll(ApiKey.class).collectList().doOnNext((keys) -> {
			Map<String, ApiKey> fresh = new ConcurrentHashMap<>();
			keys.forEach((key) -> fresh.put(key.id(), key));
			this.known.keySet().retainAll(fresh.keySet());
			this.known.putAll(fresh);
		}).then();
	}

	Mono<Issued> issue(String partner, String description, List<String> collections, boolean canWrite,
			Duration validity, String admin) {
		byte[] idBytes = new byte[8];
		byte[] secretBytes = new byte[32];
		this.random.nextBytes(idBytes);
		this.random.nextBytes(secretBytes);
		String id = HexFormat.of().formatHex(idBytes);
		String secret = PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		ApiKey key = new ApiKey(id, partner, description, List.copyOf(collections), canWrite, sha256(secret), now,
				admin, now.plus(validity), null, null);
		return this.mongo.insert(key).doOnNext((stored) -> {
			this.known.put(stored.id(), stored);
			log.info("API key {} for partner {} issued by {}: {} {} until {}", stored.id(), stored.partner(), admin,
					stored.canWrite() ? "read-write" : "read-only", stored.collections(), stored.expiresAt());
		}).map((stored) -> new Issued(stored, secret));
	}

	/**
	 * @return the partners that hold a key that works now, from memory
	 */
	java.util.Set<String> partners() {
		Instant now = this.clock.instant();
		java.util.Set<String> partners = new java.util.TreeSet<>();
		this.known.values()
			.stream()
			.filter((key) -> key.state(now).equals("active"))
			.forEach((key) -> partners.add(key.partner()));
		return partners;
	}

	Flux<ApiKey> all() {
		return this.mongo.findAll(ApiKey.class);
	}

	Mono<ApiKey> find(String id) {
		return this.mongo.findById(id, ApiKey.class);
	}

	/** Revokes a key at once; the record stays, for the audit trail. */
	Mono<ApiKey> revoke(String id, String admin) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		return this.mongo
			.findAndModify(Query.query(Criteria.where("_id").is(id).and("revokedAt").isNull()),
					Update.update("revokedAt", now), ApiKey.class)
			.flatMap((before) -> find(id))
			.switchIfEmpty(find(id))
			.doOnNext((key) -> {
				this.known.put(key.id(), key);
				log.info("API key {} of partner {} revoked by {}", key.id(), key.partner(), admin);
			});
	}

	/**
	 * @return the key {@code presented} stands for, when it is known, unrevoked and
	 * unexpired
	 * @throws Refused otherwise, saying which (never echoing the key)
	 */
	ApiKey check(String presented) {
		Optional<String> id = idOf(presented);
		ApiKey key = id.map(this.known::get).orElse(null);
		if (key == null || !MessageDigest.isEqual(key.hash().getBytes(StandardCharsets.US_ASCII),
				sha256(presented).getBytes(StandardCharsets.US_ASCII))) {
			throw new Refused("unknown API key");
		}
		Instant now = this.clock.instant();
		if (key.revokedAt() != null) {
			throw new Refused("API key " + key.id() + " was revoked");
		}
		if (!now.isBefore(key.expiresAt())) {
			throw new Refused("API key " + key.id() + " expired at " + key.expiresAt());
		}
		recordUse(key, now);
		return key;
	}

	private void recordUse(ApiKey key, Instant now) {
		Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
		Instant previous = this.lastUseWritten.put(key.id(), minute);
		if (minute.equals(previous)) {
			return;
		}
		this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(key.id())), Update.update("lastUsedAt", minute),
					ApiKey.class)
			.subscribe((result) -> {
			}, (ex) -> log.warn("could not record the use of API key {}: {}", key.id(), ex.getMessage()));
	}

	private static Optional<String> idOf(String presented) {
		if (!presented.startsWith(PREFIX) || presented.length() > 200) {
			return Optional.empty();
		}
		int end = presented.indexOf('_', PREFIX.length());
		return (end > PREFIX.length()) ? Optional.of(presented.substring(PREFIX.length(), end)) : Optional.empty();
	}

	static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
