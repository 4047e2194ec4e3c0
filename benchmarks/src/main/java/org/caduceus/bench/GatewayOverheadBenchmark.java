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
		HttpClient client = NodeUnderTest.client(concurrency);
		String path = "/api/v1/incidents/" + fileOne(client, node);
		HttpClient direct = client.baseUrl(node.intakeUrl())
			.headers((h) -> h.set("Authorization", "Bearer " + node.serviceToken("bench", Role.ANALYST)));
		HttpClient viaGateway = client.baseUrl(node.gatewayUrl())
			.headers((h) -> h.set("Authorization", "Bearer " + node.userToken("bench", Role.ANALYST)));
		System.out.printf(Locale.ROOT,
				"gateway overhead: GET %s (one incident, its related incidents), %d clients, %d rounds of %d s each way%n",
				path, concurrency, rounds, phase.toSeconds());
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

	/** Files one incident with two observables; the benchmark reads it back. */
	private static String fileOne(HttpClient client, NodeUnderTest node) {
		String body = """
				{"title":"Gateway benchmark","rsitClass":"intrusions","rsitType":"system-compromise","tlp":"green",
				 "reporter":{"organisation":"Bench Hospital"},
				 "observables":[{"type":"ipv4","value":"192.0.2.44"},{"type":"domain","value":"bench.example"}]}""";
		String created = client.baseUrl(node.gatewayUrl())
			.headers((h) -> h.set("Authorization", "Bearer " + node.userToken("bench", Role.ANALYST))
				.set("Content-Type", "application/json"))
			.post()
			.uri("/api/v1/incidents")
			.send(reactor.netty.ByteBufFlux.fromString(reactor.core.publisher.Mono.just(body)))
			.responseSingle((response, content) -> content.asString())
			.block();
		java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(created);
		if (!id.find()) {
			throw new IllegalStateException("could not file the benchmark incident: " + created);
		}
		return id.group(1);
	}

	static LoadResult get(HttpClient client, String path, int concurrency, Duration duration, String name) {
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
