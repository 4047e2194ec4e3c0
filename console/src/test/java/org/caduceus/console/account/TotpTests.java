package org.caduceus.console.account;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TotpTests {

	/** RFC 6238 Appendix B, the SHA-1 rows: the seed "12345678901234567890", 8 digits. */
	@ParameterizedTest
	@CsvSource({ "59, 94287082", "1111111109, 07081804", "1111111111, 14050471", "1234567890, 89005924",
			"2000000000, 69279037", "20000000000, 65353130" })
	void matchesTheRfcTestVectors(long seconds, String expected) {
		Totp totp = Totp.of("12345678901234567890".getBytes(StandardCharsets.US_ASCII), 8);
		assertThat(totp.code(Instant.ofEpochSecond(seconds))).isEqualTo(expected);
	}

	/** RFC 4648 section 10, without padding. */
	@ParameterizedTest
	@CsvSource({ "f, MY", "fo, MZXQ", "foo, MZXW6", "foob, MZXW6YQ", "fooba, MZXW6YTB", "foobar, MZXW6YTBOI" })
	void base32MatchesTheRfcTestVectors(String text, String encoded) {
		assertThat(Base32.encode(text.getBytes(StandardCharsets.US_ASCII))).isEqualTo(encoded);
		assertThat(new String(Base32.decode(encoded.toLowerCase()), StandardCharsets.US_ASCII)).isEqualTo(text);
	}

	@Test
	void acceptsOneStepOfDriftEitherWayAndNoMore() {
		Totp totp = Totp.generate();
		Instant now = Instant.parse("2026-12-07T10:00:15Z");
		assertThat(totp.verify(totp.code(now.minusSeconds(30)), now, -1)).isPresent();
		assertThat(totp.verify(totp.code(now.plusSeconds(30)), now, -1)).isPresent();
		assertThat(totp.verify(totp.code(now.minusSeconds(90)), now, -1)).isEmpty();
		assertThat(totp.verify(totp.code(now.plusSeconds(90)), now, -1)).isEmpty();
	}

	@Test
	void refusesACodeOfAStepAlreadyUsed() {
		Totp totp = Totp.generate();
		Instant now = Instant.parse("2026-12-07T10:00:15Z");
		long step = totp.verify(totp.code(now), now, -1).orElseThrow();
		assertThat(totp.verify(totp.code(now), now, step)).isEmpty();
		assertThat(totp.verify(totp.code(now.minusSeconds(30)), now, step)).isEmpty();
	}

	@Test
	void refusesWhatIsNotSixDigits() {
		Totp totp = Totp.generate();
		Instant now = Instant.now();
		assertThat(totp.verify("", now, -1)).isEmpty();
		assertThat(totp.verify("12345", now, -1)).isEmpty();
		assertThat(totp.verify("abcdef", now, -1)).isEmpty();
		assertThat(totp.verify(totp.code(now) + "0", now, -1)).isEmpty();
	}

	@Test
	void survivesItsOwnBase32AndNamesItselfForApps() {
		Totp totp = Totp.generate();
		Totp again = Totp.ofBase32(totp.base32());
		Instant now = Instant.now();
		assertThat(again.code(now)).isEqualTo(totp.code(now));
		assertThat(totp.base32()).hasSize(32);
		assertThat(totp.uri("Caduceus nl", "ada"))
			.startsWith("otpauth://totp/Caduceus%20nl:ada?secret=" + totp.base32())
			.contains("period=30", "digits=6");
	}

}
