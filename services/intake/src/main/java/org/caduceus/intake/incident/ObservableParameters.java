package org.caduceus.intake.incident;

import org.caduceus.intake.observable.Observable;

/**
 * Observables as a request writes them, in a path or in a parameter; both incident
 * controllers read them here, so neither depends on the other.
 */
final class ObservableParameters {

	private ObservableParameters() {
	}

	/**
	 * An observable written into a path as {@code /{type}/{*value}}: the captured value
	 * starts with a slash, and a path collapses {@code http://} to {@code http:/}.
	 */
	static Observable fromPath(String type, String value) {
		String raw = value.startsWith("/") ? value.substring(1) : value;
		return Observable.of(type, raw.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*):/(?!/)", "$1://"));
	}

	/**
	 * An observable written as {@code type:value} in the parameter {@code observable}.
	 */
	static Observable fromParameter(String typeAndValue) {
		int colon = typeAndValue.indexOf(':');
		if (colon < 1) {
			throw new InvalidIncident("observable", "write it as type:value, e.g. ipv4:192.0.2.1");
		}
		try {
			return Observable.of(typeAndValue.substring(0, colon), typeAndValue.substring(colon + 1));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidIncident("observable", ex.getMessage());
		}
	}

}
