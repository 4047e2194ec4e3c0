package org.caduceus.taxonomy;

import java.util.Locale;

/**
 * A closed set of taxonomy values, each printed as one machine tag. Implemented by the
 * enums of this package.
 */
public interface TaxonomyValue {

	/**
	 * @return the value as a MISP machine tag
	 */
	MachineTag machineTag();

	/**
	 * @return the short form used in the API and in stored documents, e.g.
	 * {@code amber+strict}
	 */
	String code();

	/**
	 * Parses either the short code ({@code amber+strict}) or the full machine tag
	 * ({@code tlp:amber+strict}) of one of {@code values}.
	 */
	static <E extends Enum<E> & TaxonomyValue> E parse(Class<E> type, String field, String input) {
		String text = input.trim();
		E[] values = type.getEnumConstants();
		if (text.contains(":")) {
			MachineTag tag = MachineTag.parse(text);
			for (E candidate : values) {
				MachineTag own = candidate.machineTag();
				if (tag.isInNamespace(own.namespace()) && own.equals(new MachineTag(own.namespace(),
						normalise(tag.predicate(), own.predicate()), normalise(tag.value(), own.value())))) {
					return candidate;
				}
			}
		}
		else {
			for (E candidate : values) {
				if (candidate.code().equalsIgnoreCase(text)) {
					return candidate;
				}
			}
		}
		throw new InvalidTaxonomyValue(field, "'" + input + "' is not one of " + codes(values));
	}

	private static String normalise(String given, String own) {
		return (given != null && own != null && given.equalsIgnoreCase(own)) ? own : given;
	}

	private static String codes(TaxonomyValue[] values) {
		StringBuilder out = new StringBuilder();
		for (TaxonomyValue value : values) {
			out.append(out.isEmpty() ? "" : ", ").append(value.code().toLowerCase(Locale.ROOT));
		}
		return out.toString();
	}

}
