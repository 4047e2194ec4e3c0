package org.caduceus.gateway.taxii;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One version of one STIX object in one collection. The object is kept as the JSON text
 * it came as, so a page is written out without re-encoding.
 *
 * @param id collection, object id and version
 * @param collection the collection's alias
 * @param objectId the STIX id
 * @param type the STIX type
 * @param version its {@code modified} (or {@code created}; for an SCO, when it was added)
 * @param added when it was added, in microseconds since the epoch (unique per replica)
 * @param latest whether it is the newest version of the object in the collection
 * @param first whether it is the oldest
 * @param tlp its TLP code, or {@code none} for a definition
 * @param json the object
 */
@Document("taxii_objects")
record TaxiiRecord(@Id String id, String collection, String objectId, String type, String version, long added,
		boolean latest, boolean first, String tlp, String json) {

	TaxiiRecord withFlags(boolean latest, boolean first) {
		return new TaxiiRecord(this.id, this.collection, this.objectId, this.type, this.version, this.added, latest,
				first, this.tlp, this.json);
	}

}
