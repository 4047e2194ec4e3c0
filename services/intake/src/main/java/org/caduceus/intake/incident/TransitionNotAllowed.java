package org.caduceus.intake.incident;

import java.util.Set;

/** The lifecycle does not allow this move from the incident's current status. */
public class TransitionNotAllowed extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final IncidentStatus from;

	private final Set<IncidentStatus> allowed;

	public TransitionNotAllowed(IncidentStatus from, IncidentStatus to, Set<IncidentStatus> allowed) {
		super("An incident in " + from + " cannot move to " + to + "; allowed: "
				+ (allowed.isEmpty() ? "none (final status)" : allowed));
		this.from = from;
		this.allowed = allowed;
	}

	public IncidentStatus from() {
		return this.from;
	}

	public Set<IncidentStatus> allowed() {
		return this.allowed;
	}

}
