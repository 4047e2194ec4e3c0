package org.caduceus.intake;

import java.util.List;

import org.caduceus.intake.incident.IfMatchRequired;
import org.caduceus.intake.incident.IncidentChanged;
import org.caduceus.intake.incident.IncidentNotFound;
import org.caduceus.intake.incident.InvalidIncident;
import org.caduceus.intake.incident.TlpBelowPartnerFloor;
import org.caduceus.intake.incident.TransitionNotAllowed;
import org.caduceus.intake.observable.InvalidObservable;
import org.caduceus.intake.stats.PeriodNotAllowed;
import org.caduceus.web.problem.ProblemDetailsAdvice;
import org.caduceus.web.problem.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

/** Maps the intake service's errors to RFC 9457 problem details. */
@RestControllerAdvice
class IntakeProblems extends ProblemDetailsAdvice {

	@ExceptionHandler(IncidentNotFound.class)
	ProblemDetail notFound(IncidentNotFound ex, ServerWebExchange exchange) {
		return Problems.describe(
				Problems.of(HttpStatus.NOT_FOUND, "incident-not-found", "Incident not found", ex.getMessage()),
				exchange);
	}

	@ExceptionHandler(TransitionNotAllowed.class)
	ProblemDetail transitionNotAllowed(TransitionNotAllowed ex, ServerWebExchange exchange) {
		ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "transition-not-allowed", "Transition not allowed",
				ex.getMessage());
		problem.setProperty("currentStatus", ex.from().name());
		problem.setProperty("allowed", ex.allowed().stream().map(Enum::name).sorted().toList());
		return Problems.describe(problem, exchange);
	}

	/** Nothing was stored: the partner's TLP is a floor for everyone on this node. */
	@ExceptionHandler(TlpBelowPartnerFloor.class)
	ProblemDetail tlpBelowPartnerFloor(TlpBelowPartnerFloor ex, ServerWebExchange exchange) {
		ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "tlp-below-partner-floor", "TLP below the partner's",
				ex.getMessage());
		problem.setProperty("floor", ex.floor().code());
		problem.setProperty("errors", List.of(fieldError("tlp", "at least " + ex.floor().code())));
		return Problems.describe(problem, exchange);
	}

	@ExceptionHandler(PeriodNotAllowed.class)
	ProblemDetail periodNotAllowed(PeriodNotAllowed ex, ServerWebExchange exchange) {
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "period-not-allowed", "Period not allowed",
				ex.getMessage());
		problem.setProperty("errors", List.of(fieldError(ex.field(), ex.getMessage())));
		return Problems.describe(problem, exchange);
	}

	@ExceptionHandler(InvalidIncident.class)
	ProblemDetail invalidIncident(InvalidIncident ex, ServerWebExchange exchange) {
		return invalidField(ex.field(), ex.getMessage(), exchange);
	}

	@ExceptionHandler(InvalidObservable.class)
	ProblemDetail invalidObservable(InvalidObservable ex, ServerWebExchange exchange) {
		return invalidField(ex.field(), ex.getMessage(), exchange);
	}

	@ExceptionHandler(org.caduceus.stix.InvalidStix.class)
	ProblemDetail invalidStix(org.caduceus.stix.InvalidStix ex, ServerWebExchange exchange) {
		return refused("invalid-stix", "STIX content refused", ex.pointer(), ex.getMessage(), exchange);
	}

	@ExceptionHandler(org.caduceus.intake.imports.ImportRefused.class)
	ProblemDetail importRefused(org.caduceus.intake.imports.ImportRefused ex, ServerWebExchange exchange) {
		return refused("import-refused", "Import refused", ex.pointer(), ex.getMessage(), exchange);
	}

	/** Nothing of a refused file is stored; the pointer says where in it the fault is. */
	private static ProblemDetail refused(String type, String title, String pointer, String detail,
			ServerWebExchange exchange) {
		ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, type, title, detail);
		problem.setProperty("pointer", pointer);
		return Problems.describe(problem, exchange);
	}

	@ExceptionHandler(IncidentChanged.class)
	ProblemDetail changed(IncidentChanged ex, ServerWebExchange exchange) {
		return Problems.describe(Problems.of(HttpStatus.PRECONDITION_FAILED, "stale-version",
				"The incident changed meanwhile", ex.getMessage()), exchange);
	}

	@ExceptionHandler(IfMatchRequired.class)
	ProblemDetail ifMatchMissing(IfMatchRequired ex, ServerWebExchange exchange) {
		ProblemDetail problem = Problems.of(HttpStatus.PRECONDITION_REQUIRED, "if-match-required", "If-Match required",
				ex.getMessage());
		problem.setProperty("errors", List.of(fieldError("If-Match", "missing")));
		return Problems.describe(problem, exchange);
	}

	private static ProblemDetail invalidField(String field, String reason, ServerWebExchange exchange) {
		ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-field", "Invalid field",
				field + ": " + reason);
		problem.setProperty("errors", List.of(fieldError(field, reason)));
		return Problems.describe(problem, exchange);
	}

}
