package org.caduceus.web.requestid;

import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;

/** The request id: header name, format and where it is kept during a request. */
public final class RequestIds {

	/** The header that carries the id in requests and responses. */
	public static final String HEADER = "X-Request-Id";

	/** The key in the Reactor context and in the logging MDC. */
	public static final String KEY = "requestId";

	static final String ATTRIBUTE = RequestIds.class.getName();

	private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{8,64}");

	private RequestIds() {
	}

	/**
	 * @return {@code candidate} when it is a safe id to log and echo, else a new one
	 */
	public static String acceptOrGenerate(@Nullable String candidate) {
		return (candidate != null && ACCEPTED.matcher(candidate).matches()) ? candidate : UUID.randomUUID().toString();
	}

	/**
	 * @return the id of the request being handled in {@code exchange}, if assigned
	 */
	public static @Nullable String of(ServerWebExchange exchange) {
		return exchange.getAttribute(ATTRIBUTE);
	}

}
