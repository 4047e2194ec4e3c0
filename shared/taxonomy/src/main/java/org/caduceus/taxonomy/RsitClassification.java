package org.caduceus.taxonomy;

/**
 * An RSIT incident classification: a class and one of its types, e.g.
 * {@code malicious-code} / {@code infected-system}. Only combinations present in the
 * shipped RSIT taxonomy can be constructed.
 *
 * @param rsitClass the RSIT class (the machine tag's predicate)
 * @param rsitType the RSIT type (the machine tag's value)
 */
public record RsitClassification(String rsitClass, String rsitType) {

	public RsitClassification {
		Taxonomy.Namespace rsit = Taxonomy.current().namespace("rsit").orElseThrow();
		Taxonomy.Predicate predicate = rsit.predicate(rsitClass)
			.orElseThrow(() -> new InvalidTaxonomyValue("rsitClass", "'" + rsitClass + "' is not an RSIT class"));
		if (predicate.entry(rsitType).isEmpty()) {
			throw new InvalidTaxonomyValue("rsitType",
					"'" + rsitType + "' is not an RSIT type of class '" + rsitClass + "'; allowed: "
							+ String.join(", ", predicate.entries().stream().map(Taxonomy.Entry::value).toList()));
		}
	}

	public static RsitClassification of(String rsitClass, String rsitType) {
		return new RsitClassification(rsitClass, rsitType);
	}

	/** Parses {@code rsit:malicious-code="ransomware"}-style tags. */
	public static RsitClassification parse(String machineTag) {
		MachineTag tag = MachineTag.parse(machineTag);
		if (!tag.isInNamespace("rsit") || tag.value() == null) {
			throw new InvalidTaxonomyValue("rsit", "'" + machineTag + "' is not an rsit:class=\"type\" tag");
		}
		return new RsitClassification(tag.predicate(), tag.value());
	}

	public MachineTag machineTag() {
		return MachineTag.of("rsit", this.rsitClass, this.rsitType);
	}

}
