package org.caduceus.taxonomy;

import java.util.Locale;

/**
 * Permissible Actions Protocol: what a recipient may do with the information. Declared
 * from least to most restrictive. {@code WHITE} is read as {@link #CLEAR}.
 */
public enum Pap implements TaxonomyValue {

	CLEAR, GREEN, AMBER, RED;

	public static Pap of(String text) {
		String upper = text.trim().toUpperCase(Locale.ROOT);
		if (upper.equals("WHITE") || upper.equals("PAP:WHITE")) {
			return CLEAR;
		}
		return TaxonomyValue.parse(Pap.class, "pap", text);
	}

	@Override
	public String code() {
		return name();
	}

	@Override
	public MachineTag machineTag() {
		return MachineTag.of("PAP", name());
	}

}
