package org.caduceus.escalation.casefile;

/** No escalation with this id (or none this caller may see). */
public class EscalationNotFound extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public EscalationNotFound(String id) {
		super("No escalation '" + id + "'");
	}

}
