package org.caduceus.taxonomy;

/**
 * Affected care service. Machine tags in the {@code caduceus-health:care-service}
 * predicate.
 */
public enum CareService implements TaxonomyValue {

	EMERGENCY_CARE("emergency-care"), INPATIENT("inpatient"), OUTPATIENT("outpatient"),
	DIAGNOSTICS_IMAGING("diagnostics-imaging"), LABORATORY("laboratory"), PHARMACY("pharmacy"),
	TELEHEALTH("telehealth"), MEDICAL_DEVICES("medical-devices"),
	ELECTRONIC_HEALTH_RECORDS("electronic-health-records"), RESEARCH("research"), SUPPLY_CHAIN("supply-chain");

	private final String code;

	CareService(String code) {
		this.code = code;
	}

	public static CareService of(String text) {
		return TaxonomyValue.parse(CareService.class, "careService", text);
	}

	@Override
	public String code() {
		return this.code;
	}

	@Override
	public MachineTag machineTag() {
		return MachineTag.of(Taxonomy.HEALTH_NAMESPACE, "care-service", this.code);
	}

}
