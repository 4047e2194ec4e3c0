package org.caduceus.partnerapi.taxii;

/** No API key with that id. */
final class ApiKeyNotFound extends RuntimeException {

	private static final long serialVersionUID = 1L;

	ApiKeyNotFound(String id) {
		super("no API key " + id);
	}

}
