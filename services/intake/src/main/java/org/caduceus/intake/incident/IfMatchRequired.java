package org.caduceus.intake.incident;

/** A change needs {@code If-Match} with the ETag the client last saw (428). */
public class IfMatchRequired extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public IfMatchRequired() {
		super("This change needs an If-Match header with the incident's current ETag");
	}

}
