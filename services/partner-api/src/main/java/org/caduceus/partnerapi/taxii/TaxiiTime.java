package org.caduceus.partnerapi.taxii;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** TAXII timestamps: RFC 3339 in UTC, to the microsecond for {@code date_added}. */
final class TaxiiTime {

	private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	private TaxiiTime() {
	}

	static String format(long micros) {
		return MICROS.format(instant(micros));
	}

	static Instant instant(long micros) {
		return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
	}

	static long micros(Instant instant) {
		return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
	}

	/**
	 * @throws java.time.format.DateTimeParseException when {@code text} is not a
	 * timestamp
	 */
	static Instant parse(String text) {
		return Instant.parse(text);
	}

}
