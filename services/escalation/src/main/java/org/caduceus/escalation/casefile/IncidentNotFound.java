package org.caduceus.escalation.casefile;

/** Intake has no such incident, or does not show it to this coordinator. */
public class IncidentNotFound extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public IncidentNotFound(String id) {
		super("No incident '" + id + "'");
	}

}
