package org.caduceus.escalation;

import java.util.List;

import org.caduceus.escalation.casefile.EscalationNotFound;
import org.caduceus.escalation.casefile.IncidentNotFound;
import org.caduceus.escalation.casefile.InvalidEscalation;
import org.caduceus.escalation.casefile.TlpForbidsSharing;
import org.caduceus.escalation.casefile.TransitionNotAllowed;
import org.caduceus.escalation.inbound.NotThisPeer;
import org.caduceus.escalation.inbound.TlpRefusedAtBorder;
import org.caduceus.escalation.intake.IntakeClient;
import org.caduceus.web.problem.ProblemDetailsAdvice;
import org.caduceus.web.problem.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.server.ServerWebExchange;

/** Maps the escalation service's errors to RFC 9457 problem details. */
@RestControllerAdvice
class EscalationProblems extends ProblemDetailsAdvice {

	private static final Logger log = LoggerFactory.getLogger(EscalationProblems.class);

	/** Seconds a client is asked to wait when a part of this node did not answer. */
	static final String RETRY_AFTER = "5";

	@ExceptionHandler(TlpForbidsSharing.class)
	ProblemDetail tlpForbidsSharing(TlpForbidsSharing ex, ServerWebExchange exchange) {
		ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, ex.rule(), "TLP forbids sharing", ex.getMessage());
		problem.setProperty("violations", ex.violations());
		return Problems.describe(problem, exchange);
	}

	@ExceptionHandler(TlpRefusedAtBorder.class)
	ProblemDetail tlpRefused(TlpRefusedAtBorder ex, ServerWebExchange exchange) {
		return Problems.describe(
				Problems.of(HttpStatus.FORBIDDEN, ex.rule().slug(), "TLP refused at the border", ex.getMessage()),
				exchange);
	}

	@ExceptionHandler(NotThisPeer.class)
	ProblemDetail notThisPeer(NotThisPeer ex, ServerWebExchange exchange) {
		return Problems.describe(Problems.of(HttpStatus.FORBIDDEN, "sender-mismatch", "Not this peer", ex.getMessage()),
				exchange);
	}

	@ExceptionHandler(InvalidEscalation.class)
	ProblemDetail invalidEscalation(InvalidEscalation ex, ServerWebExchange exchange) {
		ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-escalation",
				"Invalid escalation", ex.getMessage());
		problem.setProperty("errors", List.of(fieldError(ex.field(), ex.getMessage())));
		return Problems.describe(problem, exchange);
	}

	@ExceptionHandler(EscalationNotFound.class)
	ProblemDetail escalationNotFound(EscalationNotFound ex, ServerWebExchange exchange) {
		return Problems.describe(
				Problems.of(HttpStatus.NOT_FOUND, "escalation-not-found", "Escalation not found", ex.getMessage()),
				exchange);
	}

	@ExceptionHandler(IncidentNotFound.class)
	ProblemDetail incidentNotFound(IncidentNotFound ex, ServerWebExchange exchange) {
		return Problems.describe(
				Problems.of(HttpStatus.NOT_FOUND, "incident-not-found", "Incident not found", ex.getMessage()),
				exchange);
	}

	@ExceptionHandler(TransitionNotAllowed.class)
	ProblemDetail transitionNotAllowed(TransitionNotAllowed ex, ServerWebExchange exchange) {
		return Problems.describe(
				Problems.of(HttpStatus.CONFLICT, "transition-not-allowed", "Transition not allowed", ex.getMessage()),
				exchange);
	}

	/**
	 * Intake or this node's gateway, which the request needs, did not answer (restarting,
	 * killed): the node cannot now, the client or partner node tries again. Not a server
	 * error, and nothing of the neighbour's address or the cause leaves.
	 */
	@ExceptionHandler(WebClientRequestException.class)
	ResponseEntity<ProblemDetail> neighbourNotAnswering(WebClientRequestException ex, ServerWebExchange exchange) {
		log.warn("{} {}: a service of this node did not answer: {}", exchange.getRequest().getMethod(),
				exchange.getRequest().getPath(), ex.getMessage());
		return unavailable(exchange);
	}

	private static ResponseEntity<ProblemDetail> unavailable(ServerWebExchange exchange) {
		ProblemDetail problem = Problems.describe(
				Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", "Service unavailable",
						"A service of this node that the request needs cannot answer now; try again in a few seconds"),
				exchange);
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", RETRY_AFTER).body(problem);
	}

	/**
	 * Intake (or this node's gateway) answered with an error of its own: a 5xx is a part
	 * of the node that cannot now (its store restarting), so 503 as above; anything else
	 * here is this node's own fault, a 500 whose cause stays in the log.
	 */
	@ExceptionHandler(WebClientResponseException.class)
	ResponseEntity<ProblemDetail> neighbourFailed(WebClientResponseException ex, ServerWebExchange exchange) {
		if (ex.getStatusCode().is5xxServerError()) {
			log.warn("{} {}: a service of this node answered {}", exchange.getRequest().getMethod(),
					exchange.getRequest().getPath(), ex.getStatusCode().value());
			return unavailable(exchange);
		}
		log.error("{} {}: a service of this node answered {}", exchange.getRequest().getMethod(),
				exchange.getRequest().getPath(), ex.getStatusCode().value(), ex);
		return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
			.body(Problems.describe(
					Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
							"The request failed on the server; quote the requestId to the node's operator."),
					exchange));
	}

	/** Intake refused what a partner sent: the partner learns why, nothing was stored. */
	@ExceptionHandler(IntakeClient.IntakeRefused.class)
	ProblemDetail intakeRefused(IntakeClient.IntakeRefused ex, ServerWebExchange exchange) {
		HttpStatus status = ex.status().is4xxClientError() ? HttpStatus.UNPROCESSABLE_CONTENT
				: HttpStatus.SERVICE_UNAVAILABLE;
		return Problems.describe(Problems.of(status, "snapshot-refused", "Snapshot refused",
				"The receiving node could not file the snapshot: " + ex.getMessage()), exchange);
	}

}
