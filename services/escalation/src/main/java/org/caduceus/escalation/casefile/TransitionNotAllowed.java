package org.caduceus.escalation.casefile;

/** The escalation is not in a status that allows this. */
public class TransitionNotAllowed extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public TransitionNotAllowed(String detail) {
		super(detail);
	}

}
