package org.caduceus.intake.incident;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

/** Parsing of query parameters that names the parameter when the value is wrong. */
public final class QueryParameters {

	private QueryParameters() {
	}

	/**
	 * @return the instant, or null when the parameter is absent
	 */
	public static @Nullable Instant instant(String parameter, @Nullable String text) {
		if (text == null) {
			return null;
		}
		try {
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidIncident(parameter,
					"'" + text + "' is not an ISO-8601 instant, e.g. 2026-11-23T10:00:00Z");
		}
	}

}
