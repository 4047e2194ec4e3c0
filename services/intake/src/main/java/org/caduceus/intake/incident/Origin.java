package org.caduceus.intake.incident;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.caduceus.taxonomy.Tlp;
import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.PersistenceCreator;

/**
 * Where an incident comes from: filed on this node, received from a partner node through
 * an escalation, or imported from a partner's STIX bundle or MISP event.
 *
 * @param partnerNode the partner's node id (or, for an import, the author's name), null
 * when filed locally
 * @param partnerRef the partner's reference of the incident
 * @param escalationId the escalation that brought it here
 * @param externalId for an import: the STIX id or MISP event uuid it came with
 * @param tlpFloor the TLP the partner shared it under: no local user may lower the
 * incident below it; only the originator may, by a signed update (null when filed
 * locally)
 * @param importer for an import: the authenticated user who imported it, to whom its
 * identity is bound
 */
public record Origin(@Nullable String partnerNode, @Nullable String partnerRef, @Nullable String escalationId,
		@Nullable String externalId, @Nullable Tlp tlpFloor, @Nullable String importer) {

	public static final Origin LOCAL = new Origin(null, null, null, null, null, null);

	@PersistenceCreator
	public Origin {
	}

	/** An origin whose floor is set when the incident is filed. */
	public Origin(@Nullable String partnerNode, @Nullable String partnerRef, @Nullable String escalationId,
			@Nullable String externalId) {
		this(partnerNode, partnerRef, escalationId, externalId, null, null);
	}

	/**
	 * @param author who wrote it, as the file says (not verified)
	 * @param importer the authenticated user who imports it
	 * @return the origin of an incident imported from outside (STIX or MISP)
	 */
	public static Origin imported(@Nullable String author, @Nullable String ref, String externalId, String importer) {
		return new Origin(author, ref, null, externalId, null, importer);
	}

	/** Whether it was filed on this node. */
	public boolean isLocal() {
		return this.partnerNode == null && this.escalationId == null && this.externalId == null;
	}

	Origin withFloor(Tlp floor) {
		return new Origin(this.partnerNode, this.partnerRef, this.escalationId, this.externalId, floor, this.importer);
	}

	/**
	 * @return the id of the incident linked to this escalation: derived from the partner
	 * and the escalation id, so that receiving the same escalation twice finds the same
	 * incident; for an import, derived from the importer and the external id, so that the
	 * same importer importing the same object again updates the same incident, and nobody
	 * else's file (whatever id it claims) can reach it; null for a local incident
	 */
	public @Nullable String linkedIncidentId() {
		if (this.escalationId == null && this.externalId != null) {
			return importedId(String.valueOf(this.importer), this.externalId);
		}
		if (this.partnerNode == null || this.escalationId == null) {
			return null;
		}
		return UUID
			.nameUUIDFromBytes(
					("inbound:" + this.partnerNode + ":" + this.escalationId).getBytes(StandardCharsets.UTF_8))
			.toString();
	}

	/**
	 * @return the id an import of {@code externalId} by {@code importer} is filed under
	 */
	public static String importedId(String importer, String externalId) {
		// the length prefix keeps "a:b" + "c" apart from "a" + "b:c"
		return UUID
			.nameUUIDFromBytes(("import:" + importer.length() + ":" + importer + ":" + externalId)
				.getBytes(StandardCharsets.UTF_8))
			.toString();
	}

}
