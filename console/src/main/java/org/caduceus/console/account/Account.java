package org.caduceus.console.account;

import java.time.Instant;

import org.caduceus.identity.Role;
import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A local account of the console (the embedded default; a node that signs in through
 * OpenID Connect has none). The name is the user name the services see in the token.
 *
 * @param name the user name, as in tokens
 * @param role the one role the account holds
 * @param passwordHash Argon2id, PHC string format
 * @param mustChangePassword a one-time password was set: the next sign-in must change it
 * @param totpSecret the second factor's Base32 secret, once enrolled
 * @param totpLastStep the step of the last code accepted (a code is never taken twice)
 * @param failures failed sign-ins since the last lockout or success
 * @param lockedUntil refused, even with the right password, until then
 */
@Document("accounts")
public record Account(@Id String name, Role role, String passwordHash, boolean mustChangePassword,
		@Nullable String totpSecret, long totpLastStep, int failures, @Nullable Instant lockedUntil,
		Instant createdAt) {

	public boolean isLocked(Instant now) {
		return this.lockedUntil != null && now.isBefore(this.lockedUntil);
	}

	/** Admins must have a second factor; others may enrol one. */
	public boolean needsTotpEnrolment() {
		return this.role == Role.ADMIN && this.totpSecret == null;
	}

	public boolean hasTotp() {
		return this.totpSecret != null;
	}

}
