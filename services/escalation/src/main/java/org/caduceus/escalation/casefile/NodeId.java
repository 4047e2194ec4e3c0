package org.caduceus.escalation.casefile;

import java.util.regex.Pattern;

/**
 * A Caduceus node's id, such as {@code de-bsi}: this node, or a partner (a peer).
 *
 * @param value the id
 */
public record NodeId(String value) {

	public static final String PATTERN = "[a-z0-9][a-z0-9-]{0,62}";

	private static final Pattern FORMAT = Pattern.compile(PATTERN);

	public NodeId {
		if (!FORMAT.matcher(value).matches()) {
			throw new InvalidEscalation("node", "not a node id: '" + value + "'");
		}
	}

	/**
	 * @throws InvalidEscalation when {@code text} is not a node id
	 */
	public static NodeId of(String text) {
		return new NodeId(text);
	}

	@Override
	public String toString() {
		return this.value;
	}

}
