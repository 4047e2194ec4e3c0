package org.caduceus.gateway.limits;

import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Reads a whole request body into memory, for the filters that must see it before the
 * request goes on (a signed body's digest), and counts every byte it reads
 * ({@code caduceus.gateway.ingress.body.read}), so that what the gateway buffers for its
 * callers is measured.
 */
@Component
public class IngressBodies {

	private final LongAdder read = new LongAdder();

	IngressBodies(MeterRegistry registry) {
		FunctionCounter.builder("caduceus.gateway.ingress.body.read", this.read, LongAdder::sum)
			.baseUnit("bytes")
			.description("request body bytes the gateway read into memory before passing a request on")
			.register(registry);
	}

	/**
	 * @param max the most bytes to read ({@code -1}: no limit of its own), beyond which
	 * the result is a {@link org.springframework.core.io.buffer.DataBufferLimitException}
	 * @return the body, empty bytes for none
	 */
	public Mono<byte[]> read(ServerHttpRequest request, int max) {
		return DataBufferUtils
			.join(request.getBody().doOnNext((buffer) -> this.read.add(buffer.readableByteCount())), max)
			.map(IngressBodies::bytes)
			.defaultIfEmpty(new byte[0]);
	}

	/** Every body byte read so far. */
	public long bytesRead() {
		return this.read.sum();
	}

	private static byte[] bytes(DataBuffer buffer) {
		byte[] bytes = new byte[buffer.readableByteCount()];
		buffer.read(bytes);
		DataBufferUtils.release(buffer);
		return bytes;
	}

}
