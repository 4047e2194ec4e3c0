package org.caduceus.escalation.border;

/**
 * An escalation request breaks a rule of its own (not of the border); names the field.
 */
public class InvalidEscalationRequest extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String field;

	public InvalidEscalationRequest(String field, String reason) {
		super(reason);
		this.field = field;
	}

	public String field() {
		return this.field;
	}

}
