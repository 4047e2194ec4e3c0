package org.caduceus.web.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets by key, in this process's memory (so N replicas allow N times the rate);
 * full buckets are swept once there are many, so idle callers cost nothing. The gateway
 * (users, peers, callers before they authenticate) and the partner API (TAXII callers by
 * partner) each keep their own.
 */
public final class RateBuckets {

	private static final int SWEEP_ABOVE = 10_000;

	private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

	/**
	 * @return 0 when {@code key} may go on, else the whole seconds until it may
	 */
	public long take(String key, double perSecond, double burst) {
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

	/** Gives back the token a request took from {@code key}'s bucket. */
	public void refund(String key) {
		TokenBucket bucket = this.buckets.get(key);
		if (bucket != null) {
			synchronized (bucket) {
				bucket.refund();
			}
		}
	}

}
