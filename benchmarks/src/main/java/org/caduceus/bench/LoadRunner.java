package org.caduceus.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs a request at a fixed concurrency for a fixed time (closed loop: each of the
 * {@code concurrency} clients sends its next request when the last one answered), or a
 * fixed number of times, and records every latency and the CPU per request of each of the
 * node's processes ({@link CpuMeter}).
 */
public final class LoadRunner {

	private LoadRunner() {
	}

	/**
	 * @param request a new request each time; its value is true when the answer was the
	 * expected one
	 */
	public static LoadResult forDuration(String name, int concurrency, Duration duration,
			Supplier<Mono<Boolean>> request) {
		long deadline = System.nanoTime() + duration.toNanos();
		return run(name, concurrency, Long.MAX_VALUE, deadline, request);
	}

	/** Runs {@code total} requests, {@code concurrency} at a time. */
	public static LoadResult forCount(String name, int concurrency, long total, Supplier<Mono<Boolean>> request) {
		return run(name, concurrency, total, Long.MAX_VALUE, request);
	}

	private static LoadResult run(String name, int concurrency, long total, long deadline,
			Supplier<Mono<Boolean>> request) {
		LatencyLog latencies = new LatencyLog();
		AtomicLong errors = new AtomicLong();
		AtomicLong issued = new AtomicLong();
		CpuMeter.Snapshot cpu = CpuMeter.start();
		long start = System.nanoTime();
		Flux.range(0, concurrency).flatMap((client) -> Mono.defer(() -> {
			long sent = System.nanoTime();
			return request.get().doOnNext((ok) -> {
				if (ok) {
					latencies.add(System.nanoTime() - sent);
				}
				else {
					errors.incrementAndGet();
				}
			}).onErrorResume((ex) -> {
				errors.incrementAndGet();
				return Mono.empty();
			}).then();
		}).repeat(() -> issued.incrementAndGet() < total && System.nanoTime() < deadline), concurrency).blockLast();
		double seconds = (System.nanoTime() - start) / 1e9;
		long[] measured = latencies.toArray();
		return LoadResult.of(name, errors.get(), seconds, measured, cpu.perOperation(measured.length));
	}

	/** A growable, synchronised log of latencies. */
	static final class LatencyLog {

		private long[] values = new long[1 << 16];

		private int size;

		synchronized void add(long value) {
			if (this.size == this.values.length) {
				this.values = java.util.Arrays.copyOf(this.values, this.size * 2);
			}
			this.values[this.size++] = value;
		}

		synchronized long[] toArray() {
			return java.util.Arrays.copyOf(this.values, this.size);
		}

	}

}
