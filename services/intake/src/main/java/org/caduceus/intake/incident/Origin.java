package org.caduceus.intake.incident;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Where an incident comes from: filed on this node, received from a partner node through
 * an escalation, or imported from a partner's STIX bundle or MISP event.
 *
 * @param partnerNode the partner's node id (or, for an import, the author's name), null
 * when filed locally
 * @param partnerRef the partner's reference of the incident
 * @param escalationId the escalation that brought it here
 * @param externalId for an import: the STIX id or MISP event uuid it came with
 */
public record Origin(@Nullable String partnerNode, @Nullable String partnerRef, @Nullable String escalationId,
		@Nullable String externalId) {

	public static final Origin LOCAL = new Origin(null, null, null, null);

	/**
	 * @return the origin of an incident imported from outside (STIX or MISP)
	 */
	public static Origin imported(@Nullable String author, @Nullable String ref, String externalId) {
		return new Origin(author, ref, null, externalId);
	}

	/**
	 * @return the id of the incident linked to this escalation: derived from the partner
	 * and the escalation id, so that receiving the same escalation twice finds the same
	 * incident; for an import, derived from the external id, so that importing the same
	 * object again updates the same incident; null for a local incident
	 */
	public @Nullable String linkedIncidentId() {
		if (this.escalationId == null && this.externalId != null) {
			return UUID.nameUUIDFromBytes(("import:" + this.externalId).getBytes(StandardCharsets.UTF_8)).toString();
		}
		if (this.partnerNode == null || this.escalationId == null) {
			return null;
		}
		return UUID
			.nameUUIDFromBytes(
					("inbound:" + this.partnerNode + ":" + this.escalationId).getBytes(StandardCharsets.UTF_8))
			.toString();
	}

}
