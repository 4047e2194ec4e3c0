package org.caduceus.taxonomy;

/**
 * Kind of medical device involved in an incident. Machine tags in the
 * {@code caduceus-health:medical-device} predicate.
 */
public enum MedicalDevice implements TaxonomyValue {

	INFUSION_PUMP("infusion-pump"), PATIENT_MONITOR("patient-monitor"), IMAGING_MODALITY("imaging-modality"),
	LABORATORY_ANALYSER("laboratory-analyser"), VENTILATOR("ventilator"), IMPLANTABLE("implantable"), OTHER("other");

	private final String code;

	MedicalDevice(String code) {
		this.code = code;
	}

	public static MedicalDevice of(String text) {
		return TaxonomyValue.parse(MedicalDevice.class, "medicalDevice", text);
	}

	@Override
	public String code() {
		return this.code;
	}

	@Override
	public MachineTag machineTag() {
		return MachineTag.of(Taxonomy.HEALTH_NAMESPACE, "medical-device", this.code);
	}

}
