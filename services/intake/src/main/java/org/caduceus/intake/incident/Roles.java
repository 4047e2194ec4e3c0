package org.caduceus.intake.incident;

/**
 * Who may do what with incidents, as the controllers' {@code @PreAuthorize} expressions.
 */
final class Roles {

	/** File and work incidents. */
	static final String WORKERS = "hasAnyRole('ANALYST','COORDINATOR')";

	/** Read incidents. */
	static final String READERS = "hasAnyRole('ANALYST','COORDINATOR','AUDITOR')";

	/**
	 * Read one incident: the readers, and the node's own services that intake trusts (the
	 * escalation service re-reading an incident before it sends it).
	 */
	static final String READERS_AND_SERVICES = "hasAnyRole('ANALYST','COORDINATOR','AUDITOR','SERVICE')";

	private Roles() {
	}

}
