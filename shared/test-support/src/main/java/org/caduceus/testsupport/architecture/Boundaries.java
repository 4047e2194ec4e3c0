package org.caduceus.testsupport.architecture;

import java.util.List;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The rules the layout implies, stated once so that every deployable's architecture test
 * checks the same thing:
 * <ul>
 * <li>no cycles between the feature packages of a deployable;</li>
 * <li>controllers never touch the store: no MongoDB template, operations, collection or
 * client in a controller; they call a service;</li>
 * <li>the domain (aggregates and values) imports neither web nor store classes.</li>
 * </ul>
 * A deployable's test imports its production classes with {@link #productionClasses} and
 * checks each rule against them.
 */
public final class Boundaries {

	/**
	 * Packages whose types are the store: templates, operations, queries, updates,
	 * repositories, drivers. Mapping annotations ({@code @Document}, {@code @Id}) are not
	 * among them: they describe a type, they do not store it.
	 */
	static final String[] STORE_PACKAGES = { "org.springframework.data.mongodb.core",
			"org.springframework.data.mongodb.core.query..", "org.springframework.data.mongodb.core.aggregation..",
			"org.springframework.data.mongodb.repository..", "org.springframework.data.repository..", "com.mongodb..",
			"org.bson.." };

	/** Packages whose types are the web: controllers, requests, responses. */
	static final String[] WEB_PACKAGES = { "org.springframework.web..", "org.springframework.http..",
			"org.springframework.security.web..", "org.springframework.cloud.gateway.." };

	private Boundaries() {
	}

	/**
	 * The production classes under a root package (tests and test fixtures excluded).
	 * @param rootPackage the deployable's root package, such as
	 * {@code org.caduceus.intake}
	 * @return the imported classes
	 */
	public static JavaClasses productionClasses(String rootPackage) {
		return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages(rootPackage);
	}

	/**
	 * No cycles between the packages directly under a root package (each with its
	 * sub-packages).
	 * @param rootPackage the deployable's root package
	 * @return the rule
	 */
	public static ArchRule noPackageCycles(String rootPackage) {
		return SlicesRuleDefinition.slices()
			.matching(rootPackage + ".(*)..")
			.should()
			.beFreeOfCycles()
			.because("a feature package depends on another only one way round");
	}

	/**
	 * Controllers call services; only stores touch MongoDB.
	 * @return the rule
	 */
	public static ArchRule controllersDoNotTouchTheStore() {
		return noClasses().that()
			.areAnnotatedWith("org.springframework.web.bind.annotation.RestController")
			.or()
			.areAnnotatedWith("org.springframework.stereotype.Controller")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(STORE_PACKAGES)
			.because("a controller calls a service and a service calls a store");
	}

	/**
	 * The named domain types (aggregates, their values and events) depend on neither the
	 * web nor the store.
	 * @param domainTypes the aggregates and values of a deployable
	 * @return the rule
	 */
	public static ArchRule domainIsFreeOfWebAndStore(Class<?>... domainTypes) {
		List<String> names = java.util.Arrays.stream(domainTypes).map(Class::getName).toList();
		DescribedPredicate<JavaClass> domain = DescribedPredicate.describe("are domain types " + names,
				(type) -> names.contains(type.getName())
						|| type.getEnclosingClass().map((outer) -> names.contains(outer.getName())).orElse(false));
		return noClasses().that(domain)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(concat(STORE_PACKAGES, WEB_PACKAGES))
			.because("aggregates guard their rules; how a change is stored or served is someone else's job");
	}

	private static String[] concat(String[] first, String[] second) {
		String[] both = java.util.Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

}
