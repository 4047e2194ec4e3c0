package org.caduceus.console.session;

import java.time.Duration;
import java.time.Instant;

import org.caduceus.identity.Role;
import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A session as the store keeps it. The key is the SHA-256 of the cookie's value, so that
 * whoever reads the store (a backup) cannot take over a session from it.
 *
 * @param key SHA-256 of the cookie value, Base64url
 * @param csrf the token every form and htmx request of this session must carry
 * @param expiresAt the earlier of the idle and the absolute limit, as of the last
 * request; the store drops the document after it
 * @param pendingTotpSecret the secret shown during enrolment, until a code confirms it
 * @param tokens an OpenID Connect sign-in's tokens, sealed with the cookie; none for a
 * local account
 */
@Document("sessions")
public record ConsoleSession(@Id String key, String user, Role role, Stage stage, String csrf, Instant createdAt,
		Instant seenAt, Instant expiresAt, @Nullable String pendingTotpSecret, ProviderTokens.@Nullable Sealed tokens) {

	/** A sign-in left half done waits no longer than this for its next step. */
	static final Duration STEP_IDLE = Duration.ofMinutes(5);

	boolean expired(Instant now, Duration idle, Duration absolute) {
		Duration limit = (this.stage == Stage.ACTIVE || idle.compareTo(STEP_IDLE) < 0) ? idle : STEP_IDLE;
		return !now.isBefore(this.seenAt.plus(limit)) || !now.isBefore(this.createdAt.plus(absolute));
	}

	static Instant expiry(Instant createdAt, Instant seenAt, Duration idle, Duration absolute) {
		Instant idleEnd = seenAt.plus(idle);
		Instant absoluteEnd = createdAt.plus(absolute);
		return idleEnd.isBefore(absoluteEnd) ? idleEnd : absoluteEnd;
	}

}
