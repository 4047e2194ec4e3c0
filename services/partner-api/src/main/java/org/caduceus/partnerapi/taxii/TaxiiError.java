package org.caduceus.partnerapi.taxii;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * A refused TAXII request, answered in the TAXII error format ({@code title},
 * {@code description}, {@code http_status}, {@code error_code}, {@code details}).
 */
final class TaxiiError extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final HttpStatus status;

	private final String title;

	private final String code;

	private final @Nullable String pointer;

	private long retryAfter;

	TaxiiError(HttpStatus status, String code, String title, String description, @Nullable String pointer) {
		super(description);
		this.status = status;
		this.code = code;
		this.title = title;
		this.pointer = pointer;
	}

	TaxiiError(HttpStatus status, String code, String title, String description) {
		this(status, code, title, description, null);
	}

	static TaxiiError badRequest(String parameter, String description) {
		return new TaxiiError(HttpStatus.BAD_REQUEST, "bad-parameter", "Bad request parameter " + parameter,
				description);
	}

	static TaxiiError tooManyRequests(long retryAfter, double perSecond) {
		TaxiiError error = new TaxiiError(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
				"more than " + perSecond + " requests per second; retry after " + retryAfter + " s");
		error.retryAfter = retryAfter;
		return error;
	}

	/**
	 * @return seconds to wait before trying again, 0 when it does not apply
	 */
	long retryAfter() {
		return this.retryAfter;
	}

	HttpStatus status() {
		return this.status;
	}

	String title() {
		return this.title;
	}

	String code() {
		return this.code;
	}

	@Nullable String pointer() {
		return this.pointer;
	}

}
