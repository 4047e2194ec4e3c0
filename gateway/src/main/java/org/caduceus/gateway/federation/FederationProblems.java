package org.caduceus.gateway.federation;

import java.util.List;

import org.caduceus.web.problem.ProblemDetailsAdvice;
import org.caduceus.web.problem.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

/**
 * Maps the gateway's own API errors (peers, node, egress) to RFC 9457 problem details.
 */
@RestControllerAdvice
class FederationProblems extends ProblemDetailsAdvice {

	@ExceptionHandler(InvalidPeer.class)
	ProblemDetail invalidPeer(InvalidPeer ex, ServerWebExchange exchange) {
		ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-peer", "Invalid peer",
				ex.getMessage());
		problem.setProperty("errors", List.of(fieldError(ex.field(), ex.getMessage())));
		return Problems.describe(problem, exchange);
	}

	@ExceptionHandler(PeerExists.class)
	ProblemDetail peerExists(PeerExists ex, ServerWebExchange exchange) {
		return Problems.describe(Problems.of(HttpStatus.CONFLICT, "peer-exists", "Peer exists", ex.getMessage()),
				exchange);
	}

	@ExceptionHandler(PeerNotFound.class)
	ProblemDetail peerNotFound(PeerNotFound ex, ServerWebExchange exchange) {
		return Problems.describe(Problems.of(HttpStatus.NOT_FOUND, "unknown-peer", "Unknown peer", ex.getMessage()),
				exchange);
	}

	@ExceptionHandler(EgressRefused.class)
	ProblemDetail egressRefused(EgressRefused ex, ServerWebExchange exchange) {
		return Problems.describe(Problems.of(ex.status(), ex.slug(), "Not sent", ex.getMessage()), exchange);
	}

}
