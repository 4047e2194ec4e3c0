package org.caduceus.partnerapi.taxii;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The status of one {@code POST objects}: every object is checked before any is stored,
 * so a status is complete when it is written, with one success per object.
 *
 * @param id the status id
 * @param collection the collection's alias
 * @param caller who posted (kind and name), the only one who may read it
 * @param requestTimestamp when the request came
 * @param successes each object stored (or already there)
 */
@Document("taxii_status")
record TaxiiStatus(@Id String id, String collection, String caller, Instant requestTimestamp, List<Detail> successes) {

	/**
	 * @param id the object's id
	 * @param version its version
	 * @param message a note, e.g. that it was there already
	 */
	record Detail(String id, String version, @Nullable String message) {
	}

}
