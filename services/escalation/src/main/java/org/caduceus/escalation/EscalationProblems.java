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
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

/** Maps the escalation service's errors to RFC 9457 problem details. */
@RestControllerAdvice
class EscalationProblems extends ProblemDetailsAdvice {

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

	/** Intake refused what a partner sent: the partner learns why, nothing was stored. */
	@ExceptionHandler(IntakeClient.IntakeRefused.class)
	ProblemDetail intakeRefused(IntakeClient.IntakeRefused ex, ServerWebExchange exchange) {
		HttpStatus status = ex.status().is4xxClientError() ? HttpStatus.UNPROCESSABLE_CONTENT
				: HttpStatus.SERVICE_UNAVAILABLE;
		return Problems.describe(Problems.of(status, "snapshot-refused", "Snapshot refused",
				"The receiving node could not file the snapshot: " + ex.getMessage()), exchange);
	}

}
