package org.caduceus.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.caduceus.identity.Role;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Requests per second through the gateway against the same request sent straight to the
 * service (with the identity token the gateway would attach), alternated in rounds within
 * one run. The ratio is what the gateway costs: authentication, rate limit, body limit,
 * identity relay and the extra hop.
 */
final class GatewayOverheadBenchmark {

	private GatewayOverheadBenchmark() {
	}

	static void run(NodeUnderTest node, int concurrency, Duration phase, int rounds) {
		String path = "/api/v1/taxonomy";
		HttpClient client = NodeUnderTest.client(concurrency);
		HttpClient direct = client.baseUrl(node.intakeUrl())
			.headers((h) -> h.set("Authorization", "Bearer " + node.serviceToken("bench", Role.ANALYST)));
		HttpClient viaGateway = client.baseUrl(node.gatewayUrl())
			.headers((h) -> h.set("Authorization", "Bearer " + node.userToken("bench", Role.ANALYST)));
		System.out.printf(Locale.ROOT, "gateway overhead: GET %s, %d clients, %d rounds of %d s each way%n", path,
				concurrency, rounds, phase.toSeconds());
		get(direct, path, concurrency, Duration.ofSeconds(3), "warm-up direct");
		get(viaGateway, path, concurrency, Duration.ofSeconds(3), "warm-up gateway");
		List<LoadResult> directResults = new ArrayList<>();
		List<LoadResult> gatewayResults = new ArrayList<>();
		for (int round = 1; round <= rounds; round++) {
			directResults.add(print(get(direct, path, concurrency, phase, "direct to intake #" + round)));
			gatewayResults.add(print(get(viaGateway, path, concurrency, phase, "through gateway #" + round)));
		}
		double directRate = directResults.stream().mapToDouble(LoadResult::perSecond).average().orElse(0);
		double gatewayRate = gatewayResults.stream().mapToDouble(LoadResult::perSecond).average().orElse(0);
		System.out.printf(Locale.ROOT,
				"RESULT gateway/direct throughput ratio %.2f (%.0f vs %.0f req/s; goal >= 0.70)%n",
				gatewayRate / directRate, gatewayRate, directRate);
	}

	private static LoadResult get(HttpClient client, String path, int concurrency, Duration duration, String name) {
		return LoadRunner.forDuration(name, concurrency, duration,
				() -> client.get()
					.uri(path)
					.responseSingle((response, body) -> body.asByteArray()
						.defaultIfEmpty(new byte[0])
						.map((bytes) -> response.status().code() == 200)));
	}

	static LoadResult print(LoadResult result) {
		System.out.println("  " + result);
		return result;
	}

}
