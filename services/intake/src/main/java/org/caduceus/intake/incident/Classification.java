package org.caduceus.intake.incident;

import java.util.List;

import org.caduceus.taxonomy.CareService;
import org.caduceus.taxonomy.MedicalDevice;
import org.caduceus.taxonomy.RsitClassification;
import org.caduceus.taxonomy.Taxonomy;
import org.jspecify.annotations.Nullable;

/**
 * What kind of incident it is, under the shared taxonomy.
 *
 * @param rsitClass RSIT class
 * @param rsitType RSIT type within the class
 * @param careServices affected care services (health extension)
 * @param medicalDevice kind of medical device involved, if any
 * @param taxonomyVersion the taxonomy version the values were checked against
 */
public record Classification(String rsitClass, String rsitType, List<CareService> careServices,
		@Nullable MedicalDevice medicalDevice, String taxonomyVersion) {

	public Classification {
		RsitClassification.of(rsitClass, rsitType);
		careServices = List.copyOf(careServices.stream().distinct().toList());
	}

	/**
	 * @return the classification checked against the taxonomy this node runs now
	 */
	public static Classification current(String rsitClass, String rsitType, List<CareService> careServices,
			@Nullable MedicalDevice medicalDevice) {
		return new Classification(rsitClass, rsitType, careServices, medicalDevice, Taxonomy.current().version());
	}

}
