package org.caduceus.escalation.casefile;

import java.util.Optional;

/**
 * This node's key of an escalation, in its API and its store: the shared id of one it
 * sent, {@code <sender>:<shared id>} of one it received (two partners may pick the same
 * id; this node never does twice).
 *
 * @param value the key
 */
public record EscalationKey(String value) {

	public EscalationKey {
		if (parse(value).isEmpty()) {
			throw new InvalidEscalation("id", "not an escalation: '" + value + "'");
		}
	}

	/** The key of an escalation this node sent. */
	public static EscalationKey outbound(EscalationId id) {
		return new EscalationKey(id.value());
	}

	/** The key of an escalation {@code sender} sent to this node. */
	public static EscalationKey inbound(NodeId sender, EscalationId id) {
		return new EscalationKey(sender.value() + ":" + id.value());
	}

	/**
	 * @return the key {@code text} names, empty when it names none (an API caller's typo
	 * is an escalation that is not there)
	 */
	public static Optional<EscalationKey> find(String text) {
		return parse(text).map((valid) -> new EscalationKey(text));
	}

	private static Optional<String> parse(String text) {
		int colon = text.indexOf(':');
		String id = (colon < 0) ? text : text.substring(colon + 1);
		boolean sender = colon < 0 || text.substring(0, colon).matches(NodeId.PATTERN);
		return (sender && id.matches(EscalationId.PATTERN)) ? Optional.of(text) : Optional.empty();
	}

	@Override
	public String toString() {
		return this.value;
	}

}
