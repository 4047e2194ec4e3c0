package org.caduceus.web.requestid;

import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Signal;

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
	 * For {@code doOnEach}: runs {@code action} on each element with the request's id in
	 * the logging MDC, read from the Reactor context the request runs in. What a request
	 * records in the log keeps its id without propagating the context on every operator.
	 */
	@SuppressWarnings("try")
	public static <T> Consumer<Signal<T>> onNext(Consumer<? super T> action) {
		return (signal) -> {
			T value = signal.get();
			if (!signal.isOnNext() || value == null) {
				return;
			}
			String id = signal.getContextView().getOrDefault(KEY, null);
			if (id == null) {
				action.accept(value);
				return;
			}
			try (MDC.MDCCloseable ignored = MDC.putCloseable(KEY, id)) {
				action.accept(value);
			}
		};
	}

	/**
	 * @return the id of the request being handled in {@code exchange}, if assigned
	 */
	public static @Nullable String of(ServerWebExchange exchange) {
		return exchange.getAttribute(ATTRIBUTE);
	}

}
