package org.caduceus.escalation.inbound;

import org.caduceus.escalation.border.BorderRule;

/** A partner sent content its TLP forbids this node to take. */
public class TlpRefusedAtBorder extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final BorderRule rule;

	public TlpRefusedAtBorder(BorderRule rule, String detail) {
		super(detail);
		this.rule = rule;
	}

	public BorderRule rule() {
		return this.rule;
	}

}
