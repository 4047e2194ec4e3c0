package org.caduceus.escalation.casefile;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The id both nodes share for one escalation: a lowercase UUID chosen by the sending
 * node.
 *
 * @param value the UUID, as sent
 */
public record EscalationId(String value) {

	public static final String PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

	private static final Pattern FORMAT = Pattern.compile(PATTERN);

	public EscalationId {
		if (!FORMAT.matcher(value).matches()) {
			throw new InvalidEscalation("escalationId", "not an escalation id: '" + value + "'");
		}
	}

	/**
	 * @throws InvalidEscalation when {@code text} is not a lowercase UUID
	 */
	public static EscalationId of(String text) {
		return new EscalationId(text);
	}

	/** A new id, for an escalation this node sends. */
	public static EscalationId random() {
		return new EscalationId(UUID.randomUUID().toString());
	}

	@Override
	public String toString() {
		return this.value;
	}

}
