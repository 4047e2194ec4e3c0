package org.caduceus.partnerapi.taxii;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets by key, in this replica's memory (the TAXII limits are per caller, and
 * only this service knows which partner a key belongs to); full buckets are swept once
 * there are many, so idle callers cost nothing.
 */
final class RateBuckets {

	private static final int SWEEP_ABOVE = 10_000;

	private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

	/**
	 * @return 0 when {@code key} may go on, else the whole seconds until it may
	 */
	long take(String key, double perSecond, double burst) {
		long now = System.nanoTime();
		if (this.buckets.size() > SWEEP_ABOVE) {
			this.buckets.entrySet().removeIf((entry) -> {
				synchronized (entry.getValue()) {
					return entry.getValue().isFullAt(now);
				}
			});
		}
		TokenBucket bucket = this.buckets.computeIfAbsent(key, (ignored) -> new TokenBucket(perSecond, burst, now));
		synchronized (bucket) {
			return bucket.tryTake(now);
		}
	}

}
