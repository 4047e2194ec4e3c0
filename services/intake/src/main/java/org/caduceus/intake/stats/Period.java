package org.caduceus.intake.stats;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The period figures are counted over: whole calendar months (UTC), from the start of one
 * month to the start of a later one; by default the twelve months up to and including the
 * current one. Periods free to the millisecond could be differenced to single out one
 * incident in time.
 *
 * @param from the first month's start
 * @param to the start of the month after the last
 */
record Period(Instant from, Instant to) {

	static final int DEFAULT_MONTHS = 12;

	static final int MAX_MONTHS = 240;

	static final String RULE = "must be the start of a calendar month (UTC), e.g. 2026-01-01T00:00:00Z";

	static Period of(@Nullable String from, @Nullable String to, Clock clock) {
		YearMonth end = (to != null) ? month("to", to) : YearMonth.now(clock.withZone(ZoneOffset.UTC)).plusMonths(1);
		YearMonth start = (from != null) ? month("from", from) : end.minusMonths(DEFAULT_MONTHS);
		if (!start.isBefore(end)) {
			throw new PeriodNotAllowed("to", "must be at least one whole month after from");
		}
		if (ChronoUnit.MONTHS.between(start, end) > MAX_MONTHS) {
			throw new PeriodNotAllowed("to", "at most " + MAX_MONTHS + " months after from");
		}
		return new Period(start(start), start(end));
	}

	/** The months of the period, as {@code 2026-01}, in order. */
	List<String> months() {
		List<String> months = new ArrayList<>();
		YearMonth end = YearMonth.from(this.to.atZone(ZoneOffset.UTC));
		for (YearMonth month = YearMonth.from(this.from.atZone(ZoneOffset.UTC)); month
			.isBefore(end); month = month.plusMonths(1)) {
			months.add(month.toString());
		}
		return months;
	}

	private static YearMonth month(String parameter, String text) {
		ZonedDateTime at;
		try {
			at = Instant.parse(text).atZone(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			throw new PeriodNotAllowed(parameter, "'" + text + "' " + RULE);
		}
		if (at.getDayOfMonth() != 1 || !at.toLocalTime().equals(LocalTime.MIDNIGHT)) {
			throw new PeriodNotAllowed(parameter, "'" + text + "' " + RULE);
		}
		return YearMonth.from(at);
	}

	private static Instant start(YearMonth month) {
		return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
	}

}
