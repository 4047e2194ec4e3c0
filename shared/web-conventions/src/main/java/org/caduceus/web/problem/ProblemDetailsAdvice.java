package org.caduceus.web.problem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.caduceus.taxonomy.InvalidTaxonomyValue;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Base of each service's {@code @RestControllerAdvice}: framework errors as problem
 * details that name the offending field. Malformed input (bad JSON, unknown field, wrong
 * type) is 400; well-formed input that breaks a rule (validation, taxonomy) is 422.
 * Services extend it and add their own domain exceptions.
 *
 * <p>
 * A failing store (507 out of disk space, 503 unreachable) is deliberately not handled
 * here: no handler of an advice takes it, so it reaches
 * {@link ProblemWebExceptionHandler}, which answers it the same whether it came from a
 * controller, a filter or a handler function. A handler here would have to name the
 * MongoDB driver's and Spring's data access exception types, which every app extending
 * this class would then need; and a subclass must not handle {@code RuntimeException} or
 * {@code DataAccessException} as a whole, or it would take these answers away.
 */
public abstract class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	@ExceptionHandler(InvalidTaxonomyValue.class)
	public ProblemDetail invalidTaxonomyValue(InvalidTaxonomyValue ex, ServerWebExchange exchange) {
		ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-taxonomy-value",
				"Value not in the shared taxonomy", ex.getMessage());
		problem.setProperty("errors", List.of(fieldError(ex.field(), ex.getMessage())));
		return Problems.describe(problem, exchange);
	}

	/** A role that may not do this (method security on controllers). */
	@ExceptionHandler(AccessDeniedException.class)
	public ProblemDetail accessDenied(AccessDeniedException ex, ServerWebExchange exchange) {
		return Problems.describe(
				Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "Your role does not allow this request"),
				exchange);
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		Throwable cause = rootJacksonCause(ex);
		ProblemDetail problem;
		if (cause instanceof UnrecognizedPropertyException unknown) {
			problem = Problems.of(HttpStatus.BAD_REQUEST, "unknown-field", "Unknown field",
					"Field '" + path(unknown) + "' is not part of this request");
			problem.setProperty("errors", List.of(fieldError(path(unknown), "unknown field")));
		}
		else if (cause instanceof DatabindException mapping && !mapping.getPath().isEmpty()) {
			problem = Problems.of(HttpStatus.BAD_REQUEST, "malformed-field", "Malformed field",
					"Field '" + path(mapping) + "' has the wrong type or format");
			problem.setProperty("errors", List.of(fieldError(path(mapping), "wrong type or format")));
		}
		else if (cause != null) {
			problem = Problems.of(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON",
					"The request body is not valid JSON");
		}
		else {
			problem = Problems.of(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", ex.getReason());
		}
		return handleExceptionInternal(ex, problem, headers, HttpStatusCode.valueOf(problem.getStatus()), exchange);
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(WebExchangeBindException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		List<Map<String, String>> errors = new ArrayList<>();
		for (FieldError error : ex.getFieldErrors()) {
			errors.add(fieldError(error.getField(), String.valueOf(error.getDefaultMessage())));
		}
		ex.getGlobalErrors()
			.forEach((error) -> errors
				.add(fieldError(error.getObjectName(), String.valueOf(error.getDefaultMessage()))));
		String fields = String.join(", ", errors.stream().map((error) -> error.get("field")).toList());
		ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "validation-failed", "Validation failed",
				"Invalid field(s): " + fields);
		problem.setProperty("errors", errors);
		return handleExceptionInternal(ex, problem, headers, HttpStatusCode.valueOf(problem.getStatus()), exchange);
	}

	/** Gives every problem the Caduceus type URI, the request id and the path. */
	@Override
	protected Mono<ResponseEntity<Object>> handleExceptionInternal(Exception ex, @Nullable Object body,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		ProblemDetail problem = (body instanceof ProblemDetail given) ? given
				: ProblemDetail.forStatusAndDetail(status, ex.getMessage());
		if (problem.getType() == null || !problem.getType().toString().startsWith(Problems.TYPE_PREFIX)) {
			ProblemDetail typed = Problems.of(status, ProblemWebExceptionHandler.slug(status),
					ProblemWebExceptionHandler.reason(status), problem.getDetail());
			if (problem.getProperties() != null) {
				problem.getProperties().forEach(typed::setProperty);
			}
			problem = typed;
		}
		Problems.describe(problem, exchange);
		return super.handleExceptionInternal(ex, problem, headers, status, exchange);
	}

	protected static Map<String, String> fieldError(String field, String reason) {
		Map<String, String> error = new LinkedHashMap<>();
		error.put("field", field);
		error.put("reason", reason);
		return error;
	}

	private static @Nullable Throwable rootJacksonCause(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof JacksonException) {
				return cause;
			}
		}
		return null;
	}

	private static String path(DatabindException ex) {
		StringBuilder path = new StringBuilder();
		for (var reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.isEmpty() ? "(body)" : path.toString();
	}

}
