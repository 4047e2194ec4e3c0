package org.caduceus.intake.incident;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The lifecycle of an incident and the moves it allows. */
public enum IncidentStatus {

	NEW, TRIAGED, IN_PROGRESS, RESOLVED, CLOSED, REJECTED, DUPLICATE;

	/**
	 * @return the statuses this one may move to
	 */
	public Set<IncidentStatus> next() {
		return switch (this) {
			case NEW -> EnumSet.of(TRIAGED, REJECTED, DUPLICATE);
			case TRIAGED -> EnumSet.of(IN_PROGRESS, REJECTED, DUPLICATE);
			case IN_PROGRESS -> EnumSet.of(RESOLVED, DUPLICATE);
			// reopening goes back to work
			case RESOLVED -> EnumSet.of(CLOSED, IN_PROGRESS);
			case CLOSED, REJECTED, DUPLICATE -> EnumSet.noneOf(IncidentStatus.class);
		};
	}

	/** Closed, rejected and duplicate incidents take notes but no other change. */
	public boolean isFinal() {
		return next().isEmpty();
	}

	/** Resolved or finished: the incident has been handled. */
	public boolean isHandled() {
		return this == RESOLVED || isFinal();
	}

	public static IncidentStatus of(String text) {
		return of("to", text);
	}

	/**
	 * @param field the request field the text came from, named in the error
	 */
	public static IncidentStatus of(String field, String text) {
		String name = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
		return Arrays.stream(values())
			.filter((status) -> status.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new InvalidIncident(field, "'" + text + "' is not a status; one of "
					+ String.join(", ", Arrays.stream(values()).map(IncidentStatus::name).toList())));
	}

}
