package org.caduceus.partnerapi.taxii;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A real HTTP server standing in for the node's gateway: its internal API lists the peers
 * it is given, and it keeps the token the partner API presented.
 */
final class FakeGateway implements AutoCloseable {

	private final DisposableServer server;

	private volatile @Nullable String lastAuthorization;

	FakeGateway(String... nodeIds) {
		String peers = java.util.Arrays.stream(nodeIds)
			.map((peer) -> "{\"nodeId\":\"" + peer
					+ "\",\"country\":\"DE\",\"baseUrl\":\"https://de.example\",\"tlpCeiling\":\"amber\"}")
			.collect(java.util.stream.Collectors.joining(",", "[", "]"));
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.get("/internal/federation/peers", (request, response) -> {
				this.lastAuthorization = request.requestHeaders().get("Authorization");
				return response.header("Content-Type", "application/json")
					.sendString(Mono.just(peers), StandardCharsets.UTF_8);
			}))
			.bindNow();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.port();
	}

	@Nullable String lastAuthorization() {
		return this.lastAuthorization;
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

}
