package org.caduceus.escalation.border;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The rules that can stop an escalation at the border, on the way out (the border policy)
 * or on the way in (what this node takes from a partner). Each has a stable name: the
 * problem type, the rule recorded on a BLOCKED escalation, and how it is written in JSON.
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
	AMBER_NOT_ONWARD("tlp-amber-not-onward"),
	/**
	 * The incident came from a partner: its TLP is that partner's floor, lowered only by
	 * the originator, never at this node's border.
	 */
	PARTNER_TLP_NOT_LOWERED("tlp-partner-origin-not-lowered"),
	/**
	 * At send time: the incident's TLP was raised since the escalation was queued, so the
	 * snapshot queued then is no longer what it may share.
	 */
	TLP_RAISED_SINCE_QUEUED("tlp-raised-since-queued"),
	/**
	 * Coming in: a partner sent TLP:RED or AMBER+STRICT, which never crosses a border.
	 */
	NEVER_CROSSES_BORDER("tlp-never-crosses-border"),
	/** Coming in: a note of the snapshot is more restrictive than the snapshot. */
	NOTE_ABOVE_SNAPSHOT("tlp-note-above-snapshot");

	private final String slug;

	BorderRule(String slug) {
		this.slug = slug;
	}

	@JsonValue
	public String slug() {
		return this.slug;
	}

	/**
	 * @return the rule with this stable name
	 * @throws IllegalArgumentException when no rule has it
	 */
	public static BorderRule ofSlug(String slug) {
		for (BorderRule rule : values()) {
			if (rule.slug.equals(slug)) {
				return rule;
			}
		}
		throw new IllegalArgumentException("no border rule '" + slug + "'");
	}

}
