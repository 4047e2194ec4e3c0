package org.caduceus.intake.incident;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Where an incident comes from: filed on this node, or received from a partner node
 * through an escalation.
 *
 * @param partnerNode the partner's node id, null when filed locally
 * @param partnerRef the partner's reference of the incident
 * @param escalationId the escalation that brought it here
 */
public record Origin(@Nullable String partnerNode, @Nullable String partnerRef, @Nullable String escalationId) {

	public static final Origin LOCAL = new Origin(null, null, null);

	/**
	 * @return the id of the incident linked to this escalation: derived from the partner
	 * and the escalation id, so that receiving the same escalation twice finds the same
	 * incident; null for a local incident
	 */
	public @Nullable String linkedIncidentId() {
		if (this.partnerNode == null || this.escalationId == null) {
			return null;
		}
		return UUID
			.nameUUIDFromBytes(
					("inbound:" + this.partnerNode + ":" + this.escalationId).getBytes(StandardCharsets.UTF_8))
			.toString();
	}

}
