package org.caduceus.web.problem;

import java.time.Duration;

import org.caduceus.web.store.StoreFailure;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The answers a service gives when its store fails it: 507 when the store refused a write
 * for lack of disk space (nothing of it was saved), 503 when the store cannot be reached;
 * both with {@code Retry-After}, and neither with a word of the store's own message
 * (hosts, paths, free space), which is for the operator's log.
 */
final class StoreProblems {

	/** The store comes back, or fails over, within seconds. */
	static final Duration RETRY_UNAVAILABLE = Problems.RETRY_SOON;

	/**
	 * Space comes back when someone frees it: asking again sooner only gets the same
	 * answer.
	 */
	static final Duration RETRY_OUT_OF_SPACE = Duration.ofSeconds(60);

	private StoreProblems() {
	}

	static ProblemDetail problem(StoreFailure failure) {
		return switch (failure) {
			case OUT_OF_SPACE ->
				Problems.of(HttpStatus.INSUFFICIENT_STORAGE, "insufficient-storage", "Insufficient storage",
						"The node's store has no room left on its disk, so this change was not saved. Try again once"
								+ " the node's operator has freed space; quote the requestId to them.");
			case UNAVAILABLE -> Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable", "Store unavailable",
					"The node's store could not be reached. Try again in a few seconds; if this was a change,"
							+ " look whether it was saved before you repeat it (the store may have gone away just"
							+ " after saving it).");
		};
	}

	static Duration retryAfter(StoreFailure failure) {
		return (failure == StoreFailure.OUT_OF_SPACE) ? RETRY_OUT_OF_SPACE : RETRY_UNAVAILABLE;
	}

}
