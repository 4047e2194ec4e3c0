package org.caduceus.partnerapi.taxii;

/**
 * One version of one STIX object, as kept in a {@link TaxiiSegment}. The object is kept
 * as the JSON text it came as, so a page is written out without re-encoding.
 *
 * @param objectId the STIX id
 * @param type the STIX type
 * @param version its {@code modified} (or {@code created}; for an SCO, when it was added)
 * @param added when it was added, in microseconds since the epoch: unique and increasing
 * within its collection
 * @param tlp its TLP code, or {@code none} for a definition
 * @param hash SHA-256 of the JSON, to know a re-sent SCO
 * @param json the object
 * @param latest whether it was the newest version of its object when it was added (a
 * later one lists it in its segment's {@code demotedLatest})
 * @param first whether it was the oldest version when it was added
 */
record TaxiiRecord(String objectId, String type, String version, long added, String tlp, String hash, String json,
		boolean latest, boolean first) {

	/**
	 * @return the id a version answers to: object and version
	 */
	String id() {
		return this.objectId + "|" + this.version;
	}

}
