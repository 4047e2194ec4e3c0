package org.caduceus.taxonomy;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A MISP machine tag: {@code namespace:predicate} or {@code namespace:predicate="value"}.
 *
 * @param namespace the taxonomy namespace, e.g. {@code rsit}
 * @param predicate the predicate, e.g. {@code malicious-code}
 * @param value the value, or {@code null} for a predicate-only tag such as
 * {@code tlp:amber}
 */
public record MachineTag(String namespace, String predicate, @Nullable String value) {

	private static final Pattern TAG = Pattern
		.compile("([A-Za-z0-9][A-Za-z0-9_.-]*):([^=\"\\s][^=\"]*?)(?:=\"([^\"]+)\")?");

	private static final int MAX_LENGTH = 256;

	public MachineTag {
		if (namespace.isBlank() || predicate.isBlank() || (value != null && value.isBlank())) {
			throw new InvalidTaxonomyValue("tag", "namespace, predicate and value must not be blank");
		}
	}

	/**
	 * Parses a machine tag in its printed form.
	 * @param text e.g. {@code rsit:malicious-code="ransomware"}
	 * @return the tag
	 * @throws InvalidTaxonomyValue when the text is not a machine tag
	 */
	public static MachineTag parse(String text) {
		if (text.length() > MAX_LENGTH) {
			throw new InvalidTaxonomyValue("tag", "longer than " + MAX_LENGTH + " characters");
		}
		Matcher matcher = TAG.matcher(text.trim());
		if (!matcher.matches()) {
			throw new InvalidTaxonomyValue("tag",
					"'" + text + "' is not a machine tag (namespace:predicate=\"value\")");
		}
		return new MachineTag(matcher.group(1), matcher.group(2), matcher.group(3));
	}

	public static MachineTag of(String namespace, String predicate) {
		return new MachineTag(namespace, predicate, null);
	}

	public static MachineTag of(String namespace, String predicate, String value) {
		return new MachineTag(namespace, predicate, value);
	}

	/** Namespaces compare case-insensitively in MISP ({@code PAP} and {@code pap}). */
	boolean isInNamespace(String other) {
		return this.namespace.toLowerCase(Locale.ROOT).equals(other.toLowerCase(Locale.ROOT));
	}

	@Override
	public String toString() {
		return (this.value != null) ? this.namespace + ":" + this.predicate + "=\"" + this.value + "\""
				: this.namespace + ":" + this.predicate;
	}

}
