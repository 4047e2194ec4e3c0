package org.caduceus.escalation.casefile;

/**
 * This node as the author of what it tells partners: its id, and the JSON exactly as it
 * leaves.
 */
public interface ThisNode {

	NodeId id();

	/**
	 * @return {@code message} as the JSON sent to the partner
	 */
	String json(Object message);

}
