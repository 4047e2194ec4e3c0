package org.caduceus.intake.stats;

/**
 * A period the figures are not given for: only whole calendar months (UTC) or longer, so
 * that no two periods differ by less than a month.
 */
public class PeriodNotAllowed extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String field;

	PeriodNotAllowed(String field, String reason) {
		super(field + ": " + reason);
		this.field = field;
	}

	public String field() {
		return this.field;
	}

}
