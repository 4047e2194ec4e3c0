package org.caduceus.intake.incident;

import org.jspecify.annotations.Nullable;

/**
 * Where an incident comes from: filed on this node, or received from a partner node.
 *
 * @param partnerNode the partner's node id, null when filed locally
 * @param partnerRef the partner's reference of the incident
 */
public record Origin(@Nullable String partnerNode, @Nullable String partnerRef) {

	public static final Origin LOCAL = new Origin(null, null);

}
