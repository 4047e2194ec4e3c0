package org.caduceus.taxonomy;

/**
 * NIS2 Annex I (health) entity type of a reporting organisation; device makers outside a
 * public health emergency fall under Annex II. Machine tags in the
 * {@code caduceus-health:nis2-entity-type} predicate.
 */
public enum Nis2EntityType implements TaxonomyValue {

	HEALTHCARE_PROVIDER("healthcare-provider"), EU_REFERENCE_LABORATORY("eu-reference-laboratory"),
	MEDICINAL_PRODUCTS_RESEARCH("medicinal-products-research"),
	BASIC_PHARMACEUTICAL_MANUFACTURING("basic-pharmaceutical-manufacturing"),
	CRITICAL_MEDICAL_DEVICE_MANUFACTURER("critical-medical-device-manufacturer"),
	OTHER_MEDICAL_DEVICE_MANUFACTURER("other-medical-device-manufacturer");

	private final String code;

	Nis2EntityType(String code) {
		this.code = code;
	}

	public static Nis2EntityType of(String text) {
		return TaxonomyValue.parse(Nis2EntityType.class, "nis2EntityType", text);
	}

	@Override
	public String code() {
		return this.code;
	}

	@Override
	public MachineTag machineTag() {
		return MachineTag.of(Taxonomy.HEALTH_NAMESPACE, "nis2-entity-type", this.code);
	}

}
