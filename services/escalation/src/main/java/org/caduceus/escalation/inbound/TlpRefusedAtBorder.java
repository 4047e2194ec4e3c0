package org.caduceus.escalation.inbound;

/** A partner sent content its TLP forbids this node to take. */
public class TlpRefusedAtBorder extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String rule;

	public TlpRefusedAtBorder(String rule, String detail) {
		super(detail);
		this.rule = rule;
	}

	public String rule() {
		return this.rule;
	}

}
