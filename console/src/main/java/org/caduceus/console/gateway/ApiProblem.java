package org.caduceus.console.gateway;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The API refused or failed: its RFC 9457 problem as it came, for the page to show next
 * to the fields it names.
 *
 * @param status the HTTP status the API answered
 * @param title the problem's title
 * @param detail the problem's detail
 * @param fieldErrors field name to reason, from the problem's {@code errors}
 */
public class ApiProblem extends RuntimeException {

	private final int status;

	private final String title;

	private final Map<String, String> fieldErrors;

	public ApiProblem(int status, String title, @Nullable String detail, Map<String, String> fieldErrors) {
		super((detail != null) ? detail : title);
		this.status = status;
		this.title = title;
		this.fieldErrors = Map.copyOf(fieldErrors);
	}

	public int status() {
		return this.status;
	}

	public String title() {
		return this.title;
	}

	public String detail() {
		return getMessage();
	}

	public Map<String, String> fieldErrors() {
		return this.fieldErrors;
	}

	/** Not there, or not this user's to see: the API answers both the same. */
	public boolean isNotFound() {
		return this.status == 404;
	}

	static Map<String, String> fieldErrors(@Nullable Object errors) {
		Map<String, String> byField = new java.util.LinkedHashMap<>();
		if (errors instanceof List<?> list) {
			for (Object item : list) {
				if (item instanceof Map<?, ?> error && error.get("field") != null) {
					byField.merge(String.valueOf(error.get("field")), String.valueOf(error.get("reason")),
							(a, b) -> a + "; " + b);
				}
			}
		}
		return byField;
	}

}
