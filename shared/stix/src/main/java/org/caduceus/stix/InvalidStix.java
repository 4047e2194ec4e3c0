package org.caduceus.stix;

/**
 * STIX content that is refused, with where (a JSON pointer into what was sent) and why.
 */
public final class InvalidStix extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String pointer;

	InvalidStix(String pointer, String reason) {
		super(pointer + ": " + reason);
		this.pointer = pointer;
	}

	/**
	 * @return the JSON pointer of the refused part, e.g. {@code /objects/3/pattern}
	 */
	public String pointer() {
		return this.pointer;
	}

}
