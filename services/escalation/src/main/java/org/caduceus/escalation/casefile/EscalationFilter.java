package org.caduceus.escalation.casefile;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Which escalations a list shows, newest first.
 *
 * @param direction only this direction, or both
 * @param statuses only these statuses, or all when empty
 * @param peer only with this partner, or with all
 * @param after only those after this position in the list's order
 */
public record EscalationFilter(Escalation.@Nullable Direction direction, List<EscalationStatus> statuses,
		@Nullable NodeId peer, @Nullable After after) {

	public EscalationFilter {
		statuses = List.copyOf(statuses);
	}

	/** Every escalation. */
	public static EscalationFilter all() {
		return new EscalationFilter(null, List.of(), null, null);
	}

	/** The same filter, after {@code last} in the list's order. */
	public EscalationFilter after(Escalation last) {
		return new EscalationFilter(this.direction, this.statuses, this.peer,
				new After(last.createdAt(), last.key().value()));
	}

	/**
	 * A position in the list: after the escalation created at {@code createdAt} with
	 * {@code key}.
	 *
	 * @param createdAt when the last one shown was created
	 * @param key its key (text, as a cursor carries it)
	 */
	public record After(Instant createdAt, String key) {
	}

}
