package org.caduceus.partnerapi.taxii;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * Every version of one object in one collection, and where each is: found by id, so that
 * a re-sent object, the newest and oldest versions, and one object's page are answered
 * without a scan.
 *
 * @param id collection alias and object id
 * @param versions its versions, in the order they were added
 * @param owner the STIX identity of who added its first version, the only one who may add
 * others; null for an object stored before owners were recorded (only this node's own
 * people may add to it)
 */
@Document("taxii_versions")
record TaxiiVersions(@Id String id, List<Entry> versions, @Nullable String owner) {

	/**
	 * @return whether {@code identity} (a local user when {@code local}) may add a
	 * version
	 */
	boolean ownedBy(String identity, boolean local) {
		return (this.owner != null) ? this.owner.equals(identity) : local;
	}

	static String id(String collection, String objectId) {
		return collection + "|" + objectId;
	}

	/**
	 * @param version the version
	 * @param added when it was added
	 * @param seq the segment that holds it
	 * @param tlp its TLP code
	 * @param hash SHA-256 of its JSON
	 */
	record Entry(String version, long added, long seq, String tlp, String hash) {
	}

	/**
	 * Versions in time order; of two equal timestamps, the one added later counts as
	 * newer.
	 */
	private static final java.util.Comparator<Entry> ORDER = java.util.Comparator
		.comparing((Entry entry) -> TaxiiTime.parse(entry.version()))
		.thenComparingLong(Entry::added);

	Entry newest() {
		return this.versions.stream().max(ORDER).orElseThrow();
	}

	Entry oldest() {
		return this.versions.stream().min(ORDER).orElseThrow();
	}

}
