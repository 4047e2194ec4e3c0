package org.caduceus.escalation.border;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What the border policy decided for one recipient: a snapshot that may leave with what
 * was removed from it, or a refusal naming the rule.
 */
public sealed interface BorderDecision {

	/**
	 * @param snapshot what leaves
	 * @param redactions what was removed
	 * @param downgrade the TLP downgrade applied, if any
	 */
	record Allowed(Snapshot snapshot, List<Redaction> redactions,
			@Nullable Downgrade downgrade) implements BorderDecision {
	}

	/**
	 * @param rule the rule that refuses
	 * @param detail this occurrence, in words
	 */
	record Refused(BorderRule rule, String detail) implements BorderDecision {
	}

}
