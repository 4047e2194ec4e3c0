package org.caduceus.console.account;

import java.security.SecureRandom;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Password hashes: Argon2id with OWASP's first recommended setting (19 MiB, two passes,
 * one lane), a 16-byte salt and a 32-byte hash, in the PHC string format
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$...}) so that the setting travels with the hash.
 */
public final class Passwords {

	/** Long enough for a passphrase, short enough that hashing stays cheap to refuse. */
	public static final int MAX_LENGTH = 256;

	public static final int MIN_LENGTH = 12;

	private static final String ONE_TIME_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Argon2PasswordEncoder encoder = new Argon2PasswordEncoder(16, 32, 1, 19_456, 2);

	/** Hashed for a name that has no account, so that its refusal takes as long. */
	private final String decoy;

	public Passwords() {
		this.decoy = this.encoder.encode(oneTime());
	}

	public String hash(String password) {
		return this.encoder.encode(password);
	}

	/**
	 * Whether the password is the one hashed; one too long is refused after the same
	 * work, so that its length tells nothing about the account.
	 */
	public boolean matches(String password, String hash) {
		if (password.length() > MAX_LENGTH) {
			spendTime(password);
			return false;
		}
		return this.encoder.matches(password, hash);
	}

	/**
	 * Spends the time a real check would: for a name without an account, or one that is
	 * locked.
	 */
	void spendTime(String password) {
		this.encoder.matches(password.substring(0, Math.min(password.length(), MAX_LENGTH)), this.decoy);
	}

	/** A one-time password of 20 letters and digits (about 98 bits) in groups of five. */
	public static String oneTime() {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < 20; i++) {
			if (i > 0 && i % 5 == 0) {
				out.append('-');
			}
			out.append(ONE_TIME_ALPHABET.charAt(RANDOM.nextInt(ONE_TIME_ALPHABET.length())));
		}
		return out.toString();
	}

	/**
	 * @return why {@code password} cannot be a new password, or null when it can
	 */
	public static @org.jspecify.annotations.Nullable String weakness(String password, String user) {
		if (password.length() < MIN_LENGTH) {
			return "at least " + MIN_LENGTH + " characters";
		}
		if (password.length() > MAX_LENGTH) {
			return "at most " + MAX_LENGTH + " characters";
		}
		if (password.toLowerCase(java.util.Locale.ROOT).contains(user.toLowerCase(java.util.Locale.ROOT))) {
			return "must not contain the user name";
		}
		if (password.chars().distinct().count() < 5) {
			return "too few different characters";
		}
		return null;
	}

}
