package org.caduceus.intake.observable;

/**
 * An observable in its normalised form: two reports of the same indicator, however they
 * were written ({@code hxxp://Example[.]com/}, {@code http://example.com}), are equal.
 *
 * @param type the kind of observable
 * @param value the normalised value
 */
public record Observable(ObservableType type, String value) {

	/**
	 * Validates and normalises {@code value} for {@code type}.
	 * @throws InvalidObservable naming {@code type} or {@code value} and the reason
	 */
	public static Observable of(String type, String value) {
		ObservableType parsed = ObservableType.of(type);
		return new Observable(parsed, ObservableNormaliser.normalise(parsed, value));
	}

	/**
	 * @return the observable as one string, e.g. {@code ipv4:192.0.2.1}
	 */
	public String key() {
		return this.type.code() + ":" + this.value;
	}

}
