package org.caduceus.escalation.casefile;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

/**
 * Who reads escalations in one request: a coordinator, who sees every escalation, or
 * anyone else, who sees an escalation only while intake shows them its incident. Made
 * once per request: what intake answered is kept for that request only.
 */
public final class EscalationReader {

	private final boolean coordinator;

	private final String bearer;

	/** Whether intake shows this reader an incident, by incident id, for this request. */
	private final Map<String, Mono<Boolean>> shown = new ConcurrentHashMap<>();

	private EscalationReader(boolean coordinator, String bearer) {
		this.coordinator = coordinator;
		this.bearer = bearer;
	}

	/**
	 * @param coordinator whether the caller is a coordinator
	 * @param bearer the caller's own {@code Authorization} value, to ask intake as them
	 */
	public static EscalationReader of(boolean coordinator, String bearer) {
		return new EscalationReader(coordinator, bearer);
	}

	boolean coordinator() {
		return this.coordinator;
	}

	String bearer() {
		return this.bearer;
	}

	Mono<Boolean> shown(String incidentId, java.util.function.Function<String, Mono<Boolean>> ask) {
		return this.shown.computeIfAbsent(incidentId, (id) -> ask.apply(id).cache());
	}

}
