package org.caduceus.taxonomy;

/**
 * Impact on patient safety, from none to harm. Machine tags in the
 * {@code caduceus-health:patient-safety-impact} predicate.
 */
public enum PatientSafetyImpact implements TaxonomyValue {

	NONE("none"), POTENTIAL("potential"), ACTUAL("actual"), HARM("harm");

	private final String code;

	PatientSafetyImpact(String code) {
		this.code = code;
	}

	public static PatientSafetyImpact of(String text) {
		return TaxonomyValue.parse(PatientSafetyImpact.class, "patientSafetyImpact", text);
	}

	@Override
	public String code() {
		return this.code;
	}

	@Override
	public MachineTag machineTag() {
		return MachineTag.of(Taxonomy.HEALTH_NAMESPACE, "patient-safety-impact", this.code);
	}

}
