package org.caduceus.gateway.federation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.caduceus.federation.EnvelopeVerifier;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Verifies a partner node's RFC 9421 signature on a request received by this gateway,
 * against the URI the peer signed (this node's public URL behind a proxy). One place for
 * the federation routes and for TAXII.
 */
@Component
public class SignedRequests {

	private final EnvelopeVerifier verifier;

	private final FederationProperties federation;

	SignedRequests(EnvelopeVerifier verifier, FederationProperties federation) {
		this.verifier = verifier;
		this.federation = federation;
	}

	/**
	 * @return the verified signature, or the error
	 * {@link org.caduceus.federation.SignatureRejected}
	 */
	public Mono<EnvelopeVerifier.Verified> verify(ServerHttpRequest request, byte[] body) {
		Map<String, List<String>> headers = new LinkedHashMap<>(request.getHeaders().asMultiValueMap());
		java.net.URI target = this.federation.signedTarget(request.getURI());
		// the nonce store is a blocking write, kept off the event loop
		return Mono.fromCallable(() -> this.verifier.verify(request.getMethod().name(), target, headers, body))
			.subscribeOn(Schedulers.boundedElastic());
	}

}
