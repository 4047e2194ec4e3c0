package org.caduceus.intake.incident;

/**
 * Who may do what with incidents, as the controllers' {@code @PreAuthorize} expressions.
 */
final class Roles {

	/** File and work incidents. */
	static final String WORKERS = "hasAnyRole('ANALYST','COORDINATOR')";

	/** Read incidents. */
	static final String READERS = "hasAnyRole('ANALYST','COORDINATOR','AUDITOR')";

	private Roles() {
	}

}
