package org.caduceus.taxonomy;

/**
 * Severity as assessed by the handling CSIRT, from least to most severe. Machine tags in
 * the {@code caduceus-health:severity} predicate.
 */
public enum Severity implements TaxonomyValue {

	LOW("low"), MEDIUM("medium"), HIGH("high"), CRITICAL("critical");

	private final String code;

	Severity(String code) {
		this.code = code;
	}

	public static Severity of(String text) {
		return TaxonomyValue.parse(Severity.class, "severity", text);
	}

	@Override
	public String code() {
		return this.code;
	}

	@Override
	public MachineTag machineTag() {
		return MachineTag.of(Taxonomy.HEALTH_NAMESPACE, "severity", this.code);
	}

}
