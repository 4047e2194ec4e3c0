package org.caduceus.partnerapi.taxii;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A run of up to {@link #CAPACITY} records of one collection, in the order they were
 * added (the MongoDB bucket pattern). Segments are numbered from 0 per collection, so the
 * one after the last is always known by id, and a page is read by id: no query ever scans
 * the collection, on any store.
 *
 * @param id collection alias and number
 * @param collection the collection's alias
 * @param seq its number in the collection
 * @param firstAdded the {@code added} of its first record
 * @param lastAdded the {@code added} of its last record
 * @param count how many records it holds
 * @param records the records, oldest first
 * @param demotedLatest the records ({@link TaxiiRecord#id()}) no longer the newest
 * version of their object
 * @param demotedFirst the records no longer the oldest
 */
@Document("taxii_segments")
record TaxiiSegment(@Id String id, String collection, long seq, long firstAdded, long lastAdded, int count,
		List<TaxiiRecord> records, @Nullable List<String> demotedLatest, @Nullable List<String> demotedFirst) {

	boolean latest(TaxiiRecord record) {
		return record.latest() && (this.demotedLatest == null || !this.demotedLatest.contains(record.id()));
	}

	boolean first(TaxiiRecord record) {
		return record.first() && (this.demotedFirst == null || !this.demotedFirst.contains(record.id()));
	}

	/** Records per segment: a page of 1,000 reads four or five segments. */
	static final int CAPACITY = 250;

	static String id(String collection, long seq) {
		return collection + "|" + String.format(java.util.Locale.ROOT, "%012d", seq);
	}

}
