package org.caduceus.taxonomy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaxonomyTests {

	private final Taxonomy taxonomy = Taxonomy.current();

	@Test
	void loadsEveryShippedFileWithItsVersion() {
		assertThat(this.taxonomy.namespaces()).extracting(Taxonomy.Namespace::name)
			.containsExactly("rsit", "tlp", "PAP", "nis2", "caduceus-health");
		assertThat(this.taxonomy.version()).isEqualTo("rsit-1003,tlp-10,PAP-3,nis2-5,caduceus-health-1");
	}

	@Test
	void everyTagInTheFilesRoundTripsThroughItsPrintedForm() {
		List<MachineTag> tags = this.taxonomy.allTags();
		assertThat(tags).hasSizeGreaterThan(100);
		for (MachineTag tag : tags) {
			MachineTag reparsed = MachineTag.parse(tag.toString());
			assertThat(reparsed).isEqualTo(tag);
			assertThat(reparsed.toString()).isEqualTo(tag.toString());
			assertThat(this.taxonomy.contains(reparsed)).as(tag.toString()).isTrue();
		}
	}

	@Test
	void everyRsitClassAndTypeRoundTrips() {
		Taxonomy.Namespace rsit = this.taxonomy.namespace("rsit").orElseThrow();
		int count = 0;
		for (Taxonomy.Predicate rsitClass : rsit.predicates()) {
			for (Taxonomy.Entry type : rsitClass.entries()) {
				RsitClassification classification = RsitClassification.of(rsitClass.value(), type.value());
				String printed = classification.machineTag().toString();
				assertThat(printed).isEqualTo("rsit:" + rsitClass.value() + "=\"" + type.value() + "\"");
				assertThat(RsitClassification.parse(printed)).isEqualTo(classification);
				count++;
			}
		}
		assertThat(count).isEqualTo(39);
	}

	@Test
	void everyTlp20ValueInTheFileParsesAndPrintsBack() {
		Set<String> tlp20 = Set.of("clear", "green", "amber", "amber+strict", "red");
		List<MachineTag> inFile = this.taxonomy.allTags()
			.stream()
			.filter((tag) -> tag.namespace().equals("tlp") && tlp20.contains(tag.predicate()))
			.toList();
		assertThat(inFile).hasSize(5);
		for (MachineTag tag : inFile) {
			Tlp tlp = Tlp.of(tag.toString());
			assertThat(tlp.machineTag()).isEqualTo(tag);
			assertThat(Tlp.of(tlp.machineTag().toString())).isSameAs(tlp);
			assertThat(Tlp.of(tlp.label())).isSameAs(tlp);
		}
		assertThat(Tlp.AMBER_STRICT.machineTag()).hasToString("tlp:amber+strict");
	}

	@Test
	void legacyWhiteReadsAsClearButIsNeverPrinted() {
		assertThat(Tlp.of("tlp:white")).isSameAs(Tlp.CLEAR);
		assertThat(Tlp.of("WHITE").machineTag()).hasToString("tlp:clear");
		assertThat(Pap.of("PAP:WHITE")).isSameAs(Pap.CLEAR);
	}

	@ParameterizedTest
	@ValueSource(strings = { "tlp:ex:chr", "tlp:unclear", "purple", "tlp:amber-strict", "", "rsit:amber" })
	void refusesWhatIsNotATlp20Level(String text) {
		assertThatThrownBy(() -> Tlp.of(text)).isInstanceOf(InvalidTaxonomyValue.class)
			.extracting((ex) -> ((InvalidTaxonomyValue) ex).field())
			.isIn("tlp", "tag");
	}

	@Test
	void everyPapValueInTheFileParses() {
		this.taxonomy.namespace("PAP").orElseThrow().predicates().forEach((predicate) -> {
			Pap pap = Pap.of("PAP:" + predicate.value());
			assertThat(Pap.of(pap.machineTag().toString())).isSameAs(pap);
		});
		assertThat(Pap.AMBER.machineTag()).hasToString("PAP:AMBER");
	}

	@Test
	void healthEnumsAreExactlyThePredicatesOfTheHealthFile() {
		assertMatchesFile("care-service", CareService.values(), CareService::of);
		assertMatchesFile("medical-device", MedicalDevice.values(), MedicalDevice::of);
		assertMatchesFile("severity", Severity.values(), Severity::of);
		assertMatchesFile("patient-safety-impact", PatientSafetyImpact.values(), PatientSafetyImpact::of);
		assertMatchesFile("care-disruption", CareDisruption.values(), CareDisruption::of);
		assertMatchesFile("nis2-entity-type", Nis2EntityType.values(), Nis2EntityType::of);
		assertThat(CareService.values()).hasSize(11);
	}

	@Test
	void healthValuesPrintAsMachineTags() {
		assertThat(CareService.EMERGENCY_CARE.machineTag())
			.hasToString("caduceus-health:care-service=\"emergency-care\"");
		assertThat(Severity.of("caduceus-health:severity=\"critical\"")).isSameAs(Severity.CRITICAL);
		assertThat(Nis2EntityType.of("healthcare-provider")).isSameAs(Nis2EntityType.HEALTHCARE_PROVIDER);
	}

	@Test
	void refusesUnknownRsitClassAndTypeNamingTheField() {
		assertThatThrownBy(() -> RsitClassification.of("malicious-code", "ransomware"))
			.isInstanceOf(InvalidTaxonomyValue.class)
			.hasMessageContaining("rsitType")
			.hasMessageContaining("infected-system");
		assertThatThrownBy(() -> RsitClassification.of("hacking", "x")).isInstanceOf(InvalidTaxonomyValue.class)
			.hasMessageContaining("rsitClass");
		assertThatThrownBy(() -> RsitClassification.parse("tlp:red")).isInstanceOf(InvalidTaxonomyValue.class);
	}

	@Test
	void refusesMalformedMachineTags() {
		for (String bad : List.of("no-colon", "rsit:", ":x", "rsit:a=\"\"", "rsit:a=\"b", "x".repeat(300))) {
			assertThatThrownBy(() -> MachineTag.parse(bad)).as(bad).isInstanceOf(InvalidTaxonomyValue.class);
		}
		assertThatThrownBy(() -> Severity.of("catastrophic")).isInstanceOf(InvalidTaxonomyValue.class)
			.hasMessageContaining("low, medium, high, critical");
	}

	private <E extends Enum<E> & TaxonomyValue> void assertMatchesFile(String predicate, E[] values,
			Function<String, E> parser) {
		Set<String> inFile = this.taxonomy.namespace(Taxonomy.HEALTH_NAMESPACE)
			.orElseThrow()
			.predicate(predicate)
			.orElseThrow()
			.entries()
			.stream()
			.map(Taxonomy.Entry::value)
			.collect(Collectors.toSet());
		assertThat(Arrays.stream(values).map(TaxonomyValue::code)).containsExactlyInAnyOrderElementsOf(inFile);
		for (E value : values) {
			assertThat(this.taxonomy.contains(value.machineTag())).isTrue();
			assertThat(parser.apply(value.machineTag().toString())).isSameAs(value);
			assertThat(parser.apply(value.code().toUpperCase(Locale.ROOT))).isSameAs(value);
		}
	}

}
