package org.caduceus.intake.imports;

/**
 * A partner's file refused as a whole, with where (a JSON pointer into it) and why;
 * nothing of it was stored.
 */
public final class ImportRefused extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String pointer;

	public ImportRefused(String pointer, String reason) {
		super(pointer + ": " + reason);
		this.pointer = pointer;
	}

	public String pointer() {
		return this.pointer;
	}

}
