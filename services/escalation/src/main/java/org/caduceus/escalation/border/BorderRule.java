package org.caduceus.escalation.border;

/**
 * The rules that can stop an escalation at the border. Each has a stable name used as the
 * problem type and recorded on the BLOCKED escalation.
 */
public enum BorderRule {

	/** TLP:RED is for named individuals: it never leaves the node. */
	RED_NEVER_LEAVES("tlp-red-never-leaves"),
	/**
	 * TLP:AMBER+STRICT is for the recipient organisation only: it never leaves the node.
	 */
	AMBER_STRICT_NEVER_LEAVES("tlp-amber-strict-never-leaves"),
	/** The peer may not receive this TLP (its ceiling is lower). */
	ABOVE_PEER_CEILING("tlp-above-peer-ceiling"),
	/**
	 * AMBER that a partner shared with this node goes back to that partner only: this
	 * node was a named recipient, not a distributor.
	 */
	AMBER_NOT_ONWARD("tlp-amber-not-onward");

	private final String slug;

	BorderRule(String slug) {
		this.slug = slug;
	}

	public String slug() {
		return this.slug;
	}

}
