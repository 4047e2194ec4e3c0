package org.caduceus.gateway.federation;

import org.springframework.http.HttpStatus;

/** The gateway would not, or could not, carry a service's request to a peer. */
class EgressRefused extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final HttpStatus status;

	private final String slug;

	EgressRefused(HttpStatus status, String slug, String detail) {
		super(detail);
		this.status = status;
		this.slug = slug;
	}

	HttpStatus status() {
		return this.status;
	}

	String slug() {
		return this.slug;
	}

}
