package org.caduceus.images;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.caduceus.images.base.DebianPackage;
import org.caduceus.images.base.JavaRuntime;
import org.caduceus.images.oci.Image;
import org.caduceus.images.oci.ImageSpec;
import org.caduceus.images.oci.Layer;
import org.junit.jupiter.api.Test;

import static org.caduceus.testsupport.architecture.Boundaries.controllersDoNotTouchTheStore;
import static org.caduceus.testsupport.architecture.Boundaries.domainIsFreeOfWebAndStore;
import static org.caduceus.testsupport.architecture.Boundaries.noPackageCycles;
import static org.caduceus.testsupport.architecture.Boundaries.productionClasses;

/**
 * The rules the image builder's layout implies, checked against its production classes.
 */
class ArchitectureTests {

	private static final JavaClasses IMAGES = productionClasses("org.caduceus.images");

	@Test
	void featurePackagesDependOnEachOtherOneWayRound() {
		noPackageCycles("org.caduceus.images").check(IMAGES);
	}

	@Test
	void itHasNoControllersThatCouldTouchAStore() {
		// a build tool: no controller at all, which the rule states rather than assumes
		controllersDoNotTouchTheStore().allowEmptyShould(true).check(IMAGES);
	}

	@Test
	void imagesLayersAndPackagesKnowNeitherWebNorStore() {
		domainIsFreeOfWebAndStore(ImageSpec.class, Image.class, Layer.class, DebianPackage.class, JavaRuntime.class)
			.check(IMAGES);
	}

}
