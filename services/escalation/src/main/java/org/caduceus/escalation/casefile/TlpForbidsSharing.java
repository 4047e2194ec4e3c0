package org.caduceus.escalation.casefile;

import java.util.List;

import org.caduceus.escalation.border.BorderRule;

/**
 * The border policy refused at least one recipient; nothing left the node and every
 * refused recipient is recorded as a BLOCKED escalation.
 *
 * @see org.caduceus.escalation.border.BorderPolicy
 */
public class TlpForbidsSharing extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param to the refused recipient
	 * @param rule the rule (written as its stable name)
	 * @param detail in words
	 * @param escalationId the BLOCKED escalation recorded for it
	 */
	public record Violation(String to, BorderRule rule, String detail, String escalationId) {
	}

	private final transient List<Violation> violations;

	public TlpForbidsSharing(List<Violation> violations) {
		super(violations.get(0).detail()
				+ ((violations.size() > 1) ? " (and " + (violations.size() - 1) + " more)" : ""));
		this.violations = List.copyOf(violations);
	}

	public List<Violation> violations() {
		return this.violations;
	}

	/**
	 * @return the rule of the first violation, the problem's type
	 */
	public String rule() {
		return this.violations.get(0).rule().slug();
	}

}
