package org.caduceus.console.account;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.OptionalLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP), as every authenticator
 * app reads them: HMAC-SHA1, 30-second steps, 6 digits, a 20-byte secret shown in Base32.
 * A code is accepted one step early or late (clock drift), and never twice: the caller
 * keeps the last step used and passes it back.
 */
public final class Totp {

	static final int STEP_SECONDS = 30;

	private static final int SECRET_BYTES = 20;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final byte[] secret;

	private final int digits;

	private Totp(byte[] secret, int digits) {
		this.secret = secret.clone();
		this.digits = digits;
	}

	/** A new random secret, 160 bits as RFC 4226 recommends. */
	public static Totp generate() {
		byte[] secret = new byte[SECRET_BYTES];
		RANDOM.nextBytes(secret);
		return new Totp(secret, 6);
	}

	public static Totp ofBase32(String secret) {
		return new Totp(Base32.decode(secret), 6);
	}

	/** For the RFC's own test vectors, which use 8 digits and longer keys. */
	static Totp of(byte[] secret, int digits) {
		return new Totp(secret, digits);
	}

	public String base32() {
		return Base32.encode(this.secret);
	}

	/** The {@code otpauth://} URI authenticator apps import. */
	public String uri(String issuer, String account) {
		String label = encode(issuer) + ":" + encode(account);
		return "otpauth://totp/" + label + "?secret=" + base32() + "&issuer=" + encode(issuer)
				+ "&algorithm=SHA1&digits=" + this.digits + "&period=" + STEP_SECONDS;
	}

	static long step(Instant at) {
		return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
	}

	/** The code for the step that holds {@code at}. */
	public String code(Instant at) {
		return code(step(at));
	}

	String code(long step) {
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(this.secret, "HmacSHA1"));
			byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
			int offset = hash[hash.length - 1] & 0x0f;
			int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
					| ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
			int modulus = (int) Math.pow(10, this.digits);
			return String.format("%0" + this.digits + "d", binary % modulus);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA1 is missing from this JVM", ex);
		}
	}

	/**
	 * @param code what the user typed
	 * @param at now
	 * @param lastUsedStep the step of the last code accepted for this secret, or -1
	 * @return the step the code belongs to, if it is valid at {@code at} (one step either
	 * side) and later than {@code lastUsedStep}; empty otherwise
	 */
	public OptionalLong verify(String code, Instant at, long lastUsedStep) {
		String typed = code.replace(" ", "");
		if (!typed.matches("[0-9]{" + this.digits + "}")) {
			return OptionalLong.empty();
		}
		long now = step(at);
		for (long step = now - 1; step <= now + 1; step++) {
			if (step > lastUsedStep && MessageDigest.isEqual(code(step).getBytes(), typed.getBytes())) {
				return OptionalLong.of(step);
			}
		}
		return OptionalLong.empty();
	}

	private static String encode(String text) {
		return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
	}

}
