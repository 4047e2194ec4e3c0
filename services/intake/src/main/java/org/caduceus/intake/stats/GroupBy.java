package org.caduceus.intake.stats;

import org.caduceus.intake.incident.InvalidIncident;

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

}
