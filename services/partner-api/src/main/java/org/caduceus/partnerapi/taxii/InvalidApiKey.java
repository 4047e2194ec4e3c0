package org.caduceus.partnerapi.taxii;

/** An API key request that breaks a rule, naming the field. */
final class InvalidApiKey extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String field;

	InvalidApiKey(String field, String message) {
		super(message);
		this.field = field;
	}

	String field() {
		return this.field;
	}

}
