package org.caduceus.partnerapi.taxii;

/**
 * The partner API's aggregates and values (package-private in production), named for the
 * architecture test of the whole service.
 */
public final class TaxiiDomain {

	/** Collections, callers, keys, stored records, versions, segments and statuses. */
	public static final Class<?>[] TYPES = { TaxiiCollection.class, TaxiiCaller.class, ApiKey.class, TaxiiRecord.class,
			TaxiiSegment.class, TaxiiVersions.class, TaxiiStatus.class, TaxiiTime.class };

	private TaxiiDomain() {
	}

}
