package org.caduceus.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * What one load phase measured.
 *
 * @param name the phase
 * @param requests requests completed with the expected status
 * @param errors requests that failed or had another status
 * @param seconds wall time of the phase
 * @param latenciesNanos latency of every successful request, sorted
 * @param cpuPerOperation milliseconds of CPU per successful request of each process of
 * the node, the node in all ("node") and the load generator ("load"), over the phase;
 * empty where {@code /proc} cannot be read
 */
public record LoadResult(String name, long requests, long errors, double seconds, long[] latenciesNanos,
		Map<String, Double> cpuPerOperation) {

	public static LoadResult of(String name, long errors, double seconds, long[] latencies,
			Map<String, Double> cpuPerOperation) {
		long[] sorted = latencies.clone();
		Arrays.sort(sorted);
		return new LoadResult(name, sorted.length, errors, seconds, sorted, Map.copyOf(cpuPerOperation));
	}

	/**
	 * CPU milliseconds per request across the node's processes, NaN when not measured.
	 */
	public double nodeCpuMillis() {
		return this.cpuPerOperation.getOrDefault("node", Double.NaN);
	}

	public double perSecond() {
		return this.requests / this.seconds;
	}

	/**
	 * @return the latency at {@code quantile} (0..1) in milliseconds
	 */
	public double millis(double quantile) {
		if (this.latenciesNanos.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.min(this.latenciesNanos.length - 1,
				Math.ceil(quantile * this.latenciesNanos.length) - 1);
		return this.latenciesNanos[Math.max(0, index)] / 1e6;
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "%-28s %8d ok %5d err %9.1f req/s  p50 %7.2f ms  p99 %7.2f ms", this.name,
				this.requests, this.errors, perSecond(), millis(0.50), millis(0.99))
				+ CpuMeter.format(this.cpuPerOperation);
	}

}
