package org.caduceus.taxonomy;

/**
 * A value is not part of the shared taxonomy. Carries the field it was given for, so the
 * web edge can name it in the problem response.
 */
public class InvalidTaxonomyValue extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String field;

	public InvalidTaxonomyValue(String field, String reason) {
		super(field + ": " + reason);
		this.field = field;
	}

	public String field() {
		return this.field;
	}

}
