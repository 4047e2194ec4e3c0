package org.caduceus.escalation.casefile;

/**
 * An incident's id in intake on this node: the one escalated, or the one filed for an
 * escalation received. Intake chooses it; this service only checks it can be one.
 *
 * @param value the id
 */
public record IncidentId(String value) {

	static final int MAX_LENGTH = 64;

	public IncidentId {
		if (value.isBlank() || value.length() > MAX_LENGTH) {
			throw new InvalidEscalation("incidentId", "not an incident id: '" + value + "'");
		}
	}

	/**
	 * @throws InvalidEscalation when {@code text} is blank or longer than 64 characters
	 */
	public static IncidentId of(String text) {
		return new IncidentId(text);
	}

	@Override
	public String toString() {
		return this.value;
	}

}
