package org.caduceus.intake.incident;

import java.util.Arrays;

/**
 * The orders a list of incidents can be read in; each has a unique tie-breaker
 * ({@code _id}) so that cursors never skip or repeat an incident.
 *
 * @param field the stored field
 * @param descending newest first
 */
record IncidentSort(String field, boolean descending) {

	private static final String[] FIELDS = { "createdAt", "updatedAt", "awareAt", "ref" };

	public static final IncidentSort NEWEST_FIRST = new IncidentSort("createdAt", true);

	/** Parses {@code createdAt} (ascending) or {@code -createdAt} (descending). */
	public static IncidentSort of(String text) {
		boolean descending = text.startsWith("-");
		String field = descending ? text.substring(1) : text;
		if (Arrays.stream(FIELDS).noneMatch(field::equals)) {
			throw new InvalidIncident("sort", "'" + text + "' cannot be sorted on; use one of createdAt, updatedAt, "
					+ "awareAt, ref, with '-' for descending");
		}
		return new IncidentSort(field, descending);
	}

	@Override
	public String toString() {
		return (this.descending ? "-" : "") + this.field;
	}

}
