package org.caduceus.partnerapi.taxii;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.caduceus.testsupport.ServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Keys are checked from memory: a change made in the store by someone else (another
 * replica) counts only once the copy is reloaded, and a change made here counts at once.
 * Each step below fails when the check reads the store instead, or when the copy is never
 * reloaded.
 */
@ServiceTest
class ApiKeysIntegrationTests {

	@Autowired
	ReactiveMongoTemplate mongo;

	@Test
	void aKeyIsCheckedFromMemoryUntilTheCopyIsReloaded() {
		// a replica of its own, never reloaded on a timer
		ApiKeys keys = new ApiKeys(this.mongo, Clock.systemUTC(), Duration.ofHours(1));
		ApiKeys.Issued issued = keys
			.issue("cert-cache", "", List.of("health-sector-green"), false, Duration.ofDays(1), "root")
			.block();
		assertThat(keys.check(issued.secret()).partner()).isEqualTo("cert-cache");

		// another replica revokes it in the store
		this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(issued.key().id())),
					Update.update("revokedAt", Instant.now()), ApiKey.class)
			.block();
		assertThat(keys.check(issued.secret()).partner()).as("served from memory").isEqualTo("cert-cache");

		keys.reload().block();
		assertThatThrownBy(() -> keys.check(issued.secret())).isInstanceOf(ApiKeys.Refused.class)
			.hasMessageContaining("revoked");
	}

	@Test
	void aRevocationHereCountsAtOnce() {
		ApiKeys keys = new ApiKeys(this.mongo, Clock.systemUTC(), Duration.ofHours(1));
		ApiKeys.Issued issued = keys
			.issue("cert-now", "", List.of("health-sector-green"), false, Duration.ofDays(1), "root")
			.block();
		keys.revoke(issued.key().id(), "root").block();
		assertThatThrownBy(() -> keys.check(issued.secret())).isInstanceOf(ApiKeys.Refused.class)
			.hasMessageContaining("revoked");
	}

}
