package org.caduceus.intake.incident;

/** A request that would make an incident invalid; names the field. */
public class InvalidIncident extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String field;

	public InvalidIncident(String field, String reason) {
		super(reason);
		this.field = field;
	}

	public String field() {
		return this.field;
	}

}
