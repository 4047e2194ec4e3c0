package org.caduceus.gateway;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A real HTTP server standing in for a service behind the gateway: it records what
 * reaches it, so tests can assert on what the gateway forwarded and on what it kept out.
 */
final class RecordingBackend implements AutoCloseable {

	record Received(String method, String path, HttpHeaders headers, int bodyBytes, byte[] body) {
	}

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final DisposableServer server;

	RecordingBackend() {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((request, response) -> request.receive()
				.aggregate()
				.asByteArray()
				.defaultIfEmpty(new byte[0])
				.flatMap((body) -> {
					this.received.add(new Received(request.method().name(), request.uri(),
							request.requestHeaders().copy(), body.length, body));
					return Mono.from(response.header("Content-Type", "application/json")
						.sendString(Mono.just("{\"ok\":true}"), StandardCharsets.UTF_8));
				}))
			.bindNow();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.port();
	}

	List<Received> received() {
		return this.received;
	}

	Received last() {
		return this.received.get(this.received.size() - 1);
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

}
