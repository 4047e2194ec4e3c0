package org.caduceus.escalation.casefile;

/** A request about escalations breaks a rule; names the field. */
public class InvalidEscalation extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String field;

	public InvalidEscalation(String field, String reason) {
		super(reason);
		this.field = field;
	}

	public String field() {
		return this.field;
	}

}
