package org.caduceus.intake.observable;

/** An observable value that is not valid for its type. */
public class InvalidObservable extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String field;

	public InvalidObservable(String field, String reason) {
		super(reason);
		this.field = field;
	}

	/**
	 * @return the request field, e.g. {@code observables[1].value}
	 */
	public String field() {
		return this.field;
	}

	InvalidObservable at(String prefix) {
		return new InvalidObservable(prefix + "." + this.field, getMessage());
	}

}
