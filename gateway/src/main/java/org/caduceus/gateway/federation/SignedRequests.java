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
 * against the URI the peer signed (this node's public URL behind a proxy), in the
 * verifier's two phases: the signed headers before the body is read, the body after. One
 * place for the federation routes and for TAXII.
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
	 * The phase that needs no body: the signed headers, the key and the signature.
	 * @return the signed headers, or the error
	 * {@link org.caduceus.federation.SignatureRejected}
	 */
	public Mono<EnvelopeVerifier.SignedHeaders> verifyHeaders(ServerHttpRequest request) {
		Map<String, List<String>> headers = new LinkedHashMap<>(request.getHeaders().asMultiValueMap());
		java.net.URI target = this.federation.signedTarget(request.getURI());
		// CPU only: the peer keys are in memory
		return Mono.fromCallable(() -> this.verifier.verifyHeaders(request.getMethod().name(), target, headers));
	}

	/**
	 * The phase after the body is read: its digest and the nonce.
	 * @return the verified signature, or the error
	 * {@link org.caduceus.federation.SignatureRejected}
	 */
	public Mono<EnvelopeVerifier.Verified> verifyBody(EnvelopeVerifier.SignedHeaders signed, byte[] body) {
		// the nonce store is a blocking write, kept off the event loop
		return Mono.fromCallable(() -> this.verifier.verifyBody(signed, body)).subscribeOn(Schedulers.boundedElastic());
	}

}
