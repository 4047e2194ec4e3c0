package org.caduceus.intake.incident;

/**
 * No incident with this id or reference that the caller may see. A TLP:RED incident the
 * caller may not see is reported the same way, so its existence does not leak.
 */
public class IncidentNotFound extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public IncidentNotFound(String idOrRef) {
		super("No incident " + idOrRef);
	}

}
