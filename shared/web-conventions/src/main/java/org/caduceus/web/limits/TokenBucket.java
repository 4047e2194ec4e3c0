package org.caduceus.web.limits;

/**
 * A token bucket: {@code burst} requests at once, refilled at {@code perSecond}. Not
 * thread-safe on its own; callers synchronise on the bucket.
 */
final class TokenBucket {

	private final double perSecond;

	private final double burst;

	private double tokens;

	private long updatedNanos;

	TokenBucket(double perSecond, double burst, long nowNanos) {
		this.perSecond = perSecond;
		this.burst = burst;
		this.tokens = burst;
		this.updatedNanos = nowNanos;
	}

	/**
	 * @return 0 when a token was taken, else the whole seconds until one is available
	 */
	long tryTake(long nowNanos) {
		refill(nowNanos);
		if (this.tokens >= 1) {
			this.tokens -= 1;
			return 0;
		}
		return Math.max(1, (long) Math.ceil((1 - this.tokens) / this.perSecond));
	}

	/** Gives back a token taken by {@link #tryTake}, never above the burst. */
	void refund() {
		this.tokens = Math.min(this.burst, this.tokens + 1);
	}

	boolean isFullAt(long nowNanos) {
		refill(nowNanos);
		return this.tokens >= this.burst;
	}

	private void refill(long nowNanos) {
		double elapsed = (nowNanos - this.updatedNanos) / 1e9;
		if (elapsed > 0) {
			this.tokens = Math.min(this.burst, this.tokens + elapsed * this.perSecond);
			this.updatedNanos = nowNanos;
		}
	}

}
