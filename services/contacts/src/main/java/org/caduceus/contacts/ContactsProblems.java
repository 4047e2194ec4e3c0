package org.caduceus.contacts;

import java.util.List;

import org.caduceus.contacts.card.CardProblems;
import org.caduceus.contacts.partner.PartnerProblems;
import org.caduceus.openpgp.OpenPgpRejected;
import org.caduceus.web.problem.ProblemDetailsAdvice;
import org.caduceus.web.problem.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

/** Maps the contacts service's errors to RFC 9457 problem details. */
@RestControllerAdvice
class ContactsProblems extends ProblemDetailsAdvice {

	@ExceptionHandler(CardProblems.InvalidCard.class)
	ProblemDetail invalidCard(CardProblems.InvalidCard ex, ServerWebExchange exchange) {
		ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-card", "Invalid card",
				ex.getMessage());
		problem.setProperty("errors", List.of(fieldError(ex.field(), ex.getMessage())));
		return Problems.describe(problem, exchange);
	}

	@ExceptionHandler(CardProblems.NoCardYet.class)
	ProblemDetail noCard(CardProblems.NoCardYet ex, ServerWebExchange exchange) {
		return Problems.describe(Problems.of(HttpStatus.NOT_FOUND, "no-card", "No team card", ex.getMessage()),
				exchange);
	}

	@ExceptionHandler(CardProblems.VersionMismatch.class)
	ProblemDetail versionMismatch(CardProblems.VersionMismatch ex, ServerWebExchange exchange) {
		return Problems.describe(ex.missing()
				? Problems.of(HttpStatus.PRECONDITION_REQUIRED, "if-match-required", "If-Match required",
						ex.getMessage())
				: Problems.of(HttpStatus.PRECONDITION_FAILED, "stale-version", "Stale version", ex.getMessage()),
				exchange);
	}

	/**
	 * The reason names the problem: unsigned, not-encrypted-to-us, integrity-failure, ...
	 */
	@ExceptionHandler(OpenPgpRejected.class)
	ProblemDetail openPgpRejected(OpenPgpRejected ex, ServerWebExchange exchange) {
		HttpStatus status = "too-large".equals(ex.reason()) ? HttpStatus.CONTENT_TOO_LARGE
				: HttpStatus.UNPROCESSABLE_CONTENT;
		return Problems.describe(Problems.of(status, ex.reason(), "Sealed card refused", ex.getMessage()), exchange);
	}

	@ExceptionHandler(PartnerProblems.InvalidPartnerData.class)
	ProblemDetail invalidPartnerData(PartnerProblems.InvalidPartnerData ex, ServerWebExchange exchange) {
		ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, ex.slug(), "Refused", ex.getMessage());
		problem.setProperty("errors", List.of(fieldError(ex.field(), ex.getMessage())));
		return Problems.describe(problem, exchange);
	}

	@ExceptionHandler(PartnerProblems.UnknownPartner.class)
	ProblemDetail unknownPartner(PartnerProblems.UnknownPartner ex, ServerWebExchange exchange) {
		return Problems.describe(
				Problems.of(HttpStatus.NOT_FOUND, "unknown-partner", "Unknown partner team", ex.getMessage()),
				exchange);
	}

	@ExceptionHandler(PartnerProblems.UnknownRequest.class)
	ProblemDetail unknownRequest(PartnerProblems.UnknownRequest ex, ServerWebExchange exchange) {
		return Problems.describe(
				Problems.of(HttpStatus.NOT_FOUND, "unknown-request", "Unknown card request", ex.getMessage()),
				exchange);
	}

	@ExceptionHandler(PartnerProblems.PartnerExists.class)
	ProblemDetail partnerExists(PartnerProblems.PartnerExists ex, ServerWebExchange exchange) {
		return Problems.describe(Problems.of(HttpStatus.CONFLICT, "partner-exists", "Partner pinned", ex.getMessage()),
				exchange);
	}

}
