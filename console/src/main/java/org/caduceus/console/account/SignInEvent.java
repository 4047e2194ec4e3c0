package org.caduceus.console.account;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One sign-in event, kept for auditors: who, what happened, when and from where. Never
 * the password or the code that was typed.
 *
 * @param detail why a sign-in through the provider was refused; empty otherwise
 */
@Document("sign_ins")
public record SignInEvent(@Id String id, Instant at, String user, Kind kind, String address,
		@org.jspecify.annotations.Nullable String detail) {

	/** What happened. */
	public enum Kind {

		SIGNED_IN, SIGNED_OUT, WRONG_PASSWORD, UNKNOWN_USER, LOCKED_OUT, REFUSED_WHILE_LOCKED, WRONG_CODE,
		PASSWORD_CHANGED, TOTP_ENROLLED, ACCOUNT_CREATED, PASSWORD_RESET, SESSION_EXPIRED,
		/** A sign-in through the OpenID Connect provider that the console refused. */
		PROVIDER_REFUSED

	}

}
