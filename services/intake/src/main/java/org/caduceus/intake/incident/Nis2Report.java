package org.caduceus.intake.incident;

import java.util.Arrays;
import java.util.Locale;

/**
 * The reports of NIS2 Art. 23(4), as the {@link Incident} records their submission (see
 * {@link Nis2Submission} for why they live here and not in {@code nis2}).
 */
public enum Nis2Report {

	/** (a) within 24 h of becoming aware. */
	EARLY_WARNING("early-warning"),
	/** (b) within 72 h of becoming aware. */
	NOTIFICATION("notification"),
	/** (c) on request of the CSIRT or authority. */
	INTERMEDIATE("intermediate"),
	/** (e) when the incident is still ongoing at the final report's deadline. */
	PROGRESS("progress"),
	/** (d) one month after the notification, or after the incident is handled. */
	FINAL("final");

	private final String code;

	Nis2Report(String code) {
		this.code = code;
	}

	public String code() {
		return this.code;
	}

	public static Nis2Report of(String text) {
		String lower = text.trim().toLowerCase(Locale.ROOT);
		return Arrays.stream(values())
			.filter((report) -> report.code.equals(lower))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not a NIS2 report; one of "
					+ String.join(", ", Arrays.stream(values()).map(Nis2Report::code).toList())));
	}

}
