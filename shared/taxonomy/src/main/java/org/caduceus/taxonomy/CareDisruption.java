package org.caduceus.taxonomy;

/**
 * Disruption of care delivery, from none to halted. Machine tags in the
 * {@code caduceus-health:care-disruption} predicate.
 */
public enum CareDisruption implements TaxonomyValue {

	NONE("none"), DEGRADED("degraded"), DIVERTED("diverted"), HALTED("halted");

	private final String code;

	CareDisruption(String code) {
		this.code = code;
	}

	public static CareDisruption of(String text) {
		return TaxonomyValue.parse(CareDisruption.class, "careDisruption", text);
	}

	@Override
	public String code() {
		return this.code;
	}

	@Override
	public MachineTag machineTag() {
		return MachineTag.of(Taxonomy.HEALTH_NAMESPACE, "care-disruption", this.code);
	}

}
