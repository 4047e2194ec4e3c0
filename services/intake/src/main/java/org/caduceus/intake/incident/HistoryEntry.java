package org.caduceus.intake.incident;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One accepted change of an incident: who, when, what.
 *
 * @param at when
 * @param by who
 * @param action e.g. {@code filed}, {@code updated}, {@code transition}
 * @param changes the fields that changed, old and new
 */
public record HistoryEntry(Instant at, String by, String action, List<FieldChange> changes) {

	/**
	 * A changed field. Personal data is recorded as changed, never with its values.
	 *
	 * @param field the field
	 * @param from the old value, printed
	 * @param to the new value, printed
	 */
	public record FieldChange(String field, @Nullable String from, @Nullable String to) {
	}

}
