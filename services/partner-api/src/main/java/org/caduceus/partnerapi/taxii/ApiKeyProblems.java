package org.caduceus.partnerapi.taxii;

import java.util.List;

import org.caduceus.web.problem.ProblemDetailsAdvice;
import org.caduceus.web.problem.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

/** Maps the API key administration's errors to RFC 9457 problem details. */
@RestControllerAdvice(assignableTypes = ApiKeyController.class)
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
class ApiKeyProblems extends ProblemDetailsAdvice {

	@ExceptionHandler(InvalidApiKey.class)
	ProblemDetail invalid(InvalidApiKey ex, ServerWebExchange exchange) {
		ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-api-key-request",
				"Invalid API key request", ex.getMessage());
		problem.setProperty("errors", List.of(fieldError(ex.field(), ex.getMessage())));
		return Problems.describe(problem, exchange);
	}

	@ExceptionHandler(ApiKeyNotFound.class)
	ProblemDetail notFound(ApiKeyNotFound ex, ServerWebExchange exchange) {
		return Problems.describe(
				Problems.of(HttpStatus.NOT_FOUND, "unknown-api-key", "Unknown API key", ex.getMessage()), exchange);
	}

}
