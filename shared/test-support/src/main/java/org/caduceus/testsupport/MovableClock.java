package org.caduceus.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A clock for integration tests, moved ahead by the tests that need time to pass (a
 * session's limits, an access token near its expiry, a TOTP step, a lapsed claim).
 */
public final class MovableClock extends Clock {

	/** How far ahead of the system clock this clock runs. */
	public final AtomicReference<Duration> ahead = new AtomicReference<>(Duration.ZERO);

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

	@Override
	public Instant instant() {
		return Instant.now().plus(this.ahead.get());
	}

	/** Puts the movable clock in place of the application's. */
	@TestConfiguration
	public static class InPlace {

		@Bean
		@Primary
		MovableClock movableClock() {
			return new MovableClock();
		}

	}

}
