package org.caduceus.intake.incident;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The human reference of an incident, e.g. {@code NL-2026-000123}: the node's country,
 * the year it was filed and a number within the node and year. Numbers are used once each
 * and none is lost; they may come out of order (see {@code RefAllocator}).
 *
 * @param country ISO 3166-1 alpha-2, upper case
 * @param year the year of filing
 * @param number from 1
 */
public record IncidentRef(String country, int year, long number) {

	private static final Pattern FORMAT = Pattern.compile("([A-Z]{2})-(\\d{4})-(\\d{6,9})");

	public IncidentRef {
		if (!country.matches("[A-Z]{2}") || year < 2000 || year > 9999 || number < 1 || number > 999_999_999L) {
			throw new InvalidIncident("ref", "not a valid incident reference");
		}
	}

	public static IncidentRef of(String text) {
		Matcher matcher = FORMAT.matcher(text.trim().toUpperCase(Locale.ROOT));
		if (!matcher.matches()) {
			throw new InvalidIncident("ref", "'" + text + "' is not an incident reference (CC-YYYY-NNNNNN)");
		}
		return new IncidentRef(matcher.group(1), Integer.parseInt(matcher.group(2)), Long.parseLong(matcher.group(3)));
	}

	/**
	 * @return the counter that numbers this node's incidents of this year
	 */
	public static String series(String country, int year) {
		return country + "-" + year;
	}

	/**
	 * @param series as made by {@link #series(String, int)}
	 * @return the reference with this number in that series
	 */
	public static IncidentRef inSeries(String series, long number) {
		int dash = series.indexOf('-');
		return new IncidentRef(series.substring(0, dash), Integer.parseInt(series.substring(dash + 1)), number);
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "%s-%d-%06d", this.country, this.year, this.number);
	}

}
