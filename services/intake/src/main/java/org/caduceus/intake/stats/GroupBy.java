package org.caduceus.intake.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.caduceus.intake.incident.InvalidIncident;
import org.caduceus.taxonomy.CareService;
import org.caduceus.taxonomy.Nis2EntityType;
import org.caduceus.taxonomy.Taxonomy;

/**
 * What the figures are broken down by, named as the {@code groupBy} parameter names it.
 */
enum GroupBy {

	RSIT_CLASS("rsitClass"), RSIT_TYPE("rsitType"), ENTITY_TYPE("entityType"), CARE_SERVICE("careService"),
	MONTH("month");

	final String param;

	GroupBy(String param) {
		this.param = param;
	}

	static GroupBy of(String text) {
		for (GroupBy groupBy : values()) {
			if (groupBy.param.equalsIgnoreCase(text)) {
				return groupBy;
			}
		}
		throw new InvalidIncident("groupBy",
				"'" + text + "' is not one of rsitClass, rsitType, entityType, " + "careService, month");
	}

	/**
	 * Every key the breakdown has, whatever was counted: what the taxonomy defines (and
	 * {@code unknown} for an entity type not given), or each month of the period.
	 */
	List<String> keys(Period period) {
		Taxonomy.Namespace rsit = Taxonomy.current().namespace("rsit").orElseThrow();
		return switch (this) {
			case RSIT_CLASS -> rsit.predicates().stream().map(Taxonomy.Predicate::value).toList();
			case RSIT_TYPE -> {
				Set<String> types = new LinkedHashSet<>();
				rsit.predicates()
					.forEach((predicate) -> predicate.entries().forEach((entry) -> types.add(entry.value())));
				yield List.copyOf(types);
			}
			case ENTITY_TYPE -> {
				List<String> types = new ArrayList<>(
						Arrays.stream(Nis2EntityType.values()).map(Nis2EntityType::code).toList());
				types.add("unknown");
				yield List.copyOf(types);
			}
			case CARE_SERVICE -> Arrays.stream(CareService.values()).map(CareService::code).toList();
			case MONTH -> period.months();
		};
	}

}
