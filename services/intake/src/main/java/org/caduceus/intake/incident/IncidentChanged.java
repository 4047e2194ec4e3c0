package org.caduceus.intake.incident;

/** The incident changed since the version the client based its change on (412). */
public class IncidentChanged extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public IncidentChanged(long current) {
		super("The incident has changed (now version " + current + "); fetch it again and reapply your change");
	}

}
