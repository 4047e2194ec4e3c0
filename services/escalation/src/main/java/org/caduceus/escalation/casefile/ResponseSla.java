package org.caduceus.escalation.casefile;

import java.time.Duration;

import org.caduceus.taxonomy.Severity;

/**
 * How fast a partner must respond to an escalation, by the incident's severity: the
 * receiving node must acknowledge it (file it) and its coordinator must accept or decline
 * it within these times of the escalation.
 */
public enum ResponseSla {

	CRITICAL(Duration.ofHours(1), Duration.ofHours(4)), HIGH(Duration.ofHours(4), Duration.ofHours(24)),
	MEDIUM(Duration.ofHours(24), Duration.ofDays(3)), LOW(Duration.ofDays(3), Duration.ofDays(7));

	private final Duration acknowledge;

	private final Duration decide;

	ResponseSla(Duration acknowledge, Duration decide) {
		this.acknowledge = acknowledge;
		this.decide = decide;
	}

	/**
	 * @return the SLA of a severity
	 */
	public static ResponseSla of(Severity severity) {
		return switch (severity) {
			case CRITICAL -> CRITICAL;
			case HIGH -> HIGH;
			case MEDIUM -> MEDIUM;
			case LOW -> LOW;
		};
	}

	public Duration acknowledge() {
		return this.acknowledge;
	}

	public Duration decide() {
		return this.decide;
	}

}
