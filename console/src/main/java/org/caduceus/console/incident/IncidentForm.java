package org.caduceus.console.incident;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.util.MultiValueMap;

/**
 * The filing form as the API's {@code POST /api/v1/incidents} takes it. The console does
 * not judge the values: the API validates them and its messages are shown next to the
 * fields they name.
 */
final class IncidentForm {

	private IncidentForm() {
	}

	static Map<String, Object> create(MultiValueMap<String, String> form, List<Map<String, String>> observables) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("title", text(form, "title"));
		put(body, "description", form.getFirst("description"));
		String classification = text(form, "classification");
		int slash = classification.indexOf('/');
		body.put("rsitClass", (slash > 0) ? classification.substring(0, slash) : classification);
		body.put("rsitType", (slash > 0) ? classification.substring(slash + 1) : "");
		List<String> careServices = form.getOrDefault("careServices", List.of());
		if (!careServices.isEmpty()) {
			body.put("careServices", careServices);
		}
		put(body, "medicalDevice", form.getFirst("medicalDevice"));
		body.put("tlp", text(form, "tlp"));
		put(body, "pap", form.getFirst("pap"));
		put(body, "severity", form.getFirst("severity"));
		put(body, "patientSafetyImpact", form.getFirst("patientSafetyImpact"));
		put(body, "careDisruption", form.getFirst("careDisruption"));
		Map<String, Object> reporter = new LinkedHashMap<>();
		reporter.put("organisation", text(form, "reporter.organisation"));
		put(reporter, "entityType", form.getFirst("reporter.entityType"));
		Map<String, Object> contact = new LinkedHashMap<>();
		put(contact, "name", form.getFirst("reporter.contact.name"));
		put(contact, "email", form.getFirst("reporter.contact.email"));
		put(contact, "phone", form.getFirst("reporter.contact.phone"));
		if (!contact.isEmpty()) {
			reporter.put("contact", contact);
		}
		reporter.put("consentToShare", "on".equals(form.getFirst("reporter.consentToShare")));
		body.put("reporter", reporter);
		if (!observables.isEmpty()) {
			body.put("observables", observables);
		}
		put(body, "occurredAt", instant(form.getFirst("occurredAt")));
		put(body, "detectedAt", instant(form.getFirst("detectedAt")));
		put(body, "awareAt", instant(form.getFirst("awareAt")));
		body.put("significant", "on".equals(form.getFirst("significant")));
		body.put("suspectedMalicious", "on".equals(form.getFirst("suspectedMalicious")));
		body.put("crossBorderImpact", "on".equals(form.getFirst("crossBorderImpact")));
		return body;
	}

	/**
	 * A change as the API's {@code PATCH /api/v1/incidents/{id}} takes it: only the
	 * fields the form holds, a blank one left as it is (the reporter and the observables
	 * are not changed here). The checkboxes count when the form says it carries them.
	 */
	static Map<String, Object> update(MultiValueMap<String, String> form) {
		Map<String, Object> body = new LinkedHashMap<>();
		put(body, "title", form.getFirst("title"));
		String description = form.getFirst("description");
		put(body, "description", (description != null) ? lines(description) : null);
		String classification = text(form, "classification");
		int slash = classification.indexOf('/');
		if (slash > 0) {
			body.put("rsitClass", classification.substring(0, slash));
			body.put("rsitType", classification.substring(slash + 1));
		}
		if (form.containsKey("careServices.shown")) {
			body.put("careServices", form.getOrDefault("careServices", List.of()));
		}
		for (String field : List.of("medicalDevice", "tlp", "pap", "severity", "patientSafetyImpact",
				"careDisruption")) {
			put(body, field, form.getFirst(field));
		}
		for (String field : List.of("occurredAt", "detectedAt", "awareAt")) {
			put(body, field, instant(form.getFirst(field)));
		}
		if (form.containsKey("flags.shown")) {
			for (String flag : List.of("significant", "suspectedMalicious", "crossBorderImpact")) {
				body.put(flag, "on".equals(form.getFirst(flag)));
			}
		}
		return body;
	}

	/**
	 * Only what the form changes against the incident as it is now: a field sent as it
	 * stands would still count as a change (a time cut to the minute by the form, a
	 * description whose line breaks the browser turned into CRLF), and land in the
	 * history and move the NIS2 clock for nothing.
	 */
	static Map<String, Object> changes(Map<String, Object> update, Map<String, Object> incident) {
		Map<String, String> now = values(incident);
		Map<String, Object> changes = new LinkedHashMap<>();
		update.forEach((field, value) -> {
			boolean same = switch (field) {
				case "rsitClass", "rsitType" ->
					(update.get("rsitClass") + "/" + update.get("rsitType")).equals(now.get("classification"));
				case "careServices" ->
					new java.util.HashSet<>((List<?>) value).equals(new java.util.HashSet<>(careServices(incident)));
				case "significant", "suspectedMalicious", "crossBorderImpact" ->
					value.equals("on".equals(now.get(field)));
				case "occurredAt", "detectedAt", "awareAt" -> String.valueOf(value).length() >= 16
						&& String.valueOf(value).substring(0, 16).equals(now.get(field));
				case "description" ->
					lines(String.valueOf(value)).strip().equals(lines(nonNull(now.get(field))).strip());
				default -> String.valueOf(value).equals(now.get(field));
			};
			if (!same) {
				changes.put(field, value);
			}
		});
		return changes;
	}

	private static String lines(String text) {
		return text.replace("\r\n", "\n").replace('\r', '\n');
	}

	private static String nonNull(@Nullable String text) {
		return (text != null) ? text : "";
	}

	/** The form's fields filled from an incident as the API shows it. */
	@SuppressWarnings("unchecked")
	static Map<String, String> values(Map<String, Object> incident) {
		Map<String, String> values = new LinkedHashMap<>();
		Map<String, Object> classification = (incident.get("classification") instanceof Map<?, ?> map)
				? (Map<String, Object>) map : Map.of();
		copy(values, "title", incident.get("title"));
		copy(values, "description", incident.get("description"));
		if (classification.get("rsitClass") != null) {
			values.put("classification", classification.get("rsitClass") + "/" + classification.get("rsitType"));
		}
		copy(values, "medicalDevice", classification.get("medicalDevice"));
		for (String field : List.of("tlp", "pap", "severity", "patientSafetyImpact", "careDisruption")) {
			copy(values, field, incident.get(field));
		}
		for (String field : List.of("occurredAt", "detectedAt", "awareAt")) {
			Object at = incident.get(field);
			// the form's date-time field: minutes, UTC, no zone
			if (at != null && String.valueOf(at).length() >= 16) {
				values.put(field, String.valueOf(at).substring(0, 16));
			}
		}
		for (String flag : List.of("significant", "suspectedMalicious", "crossBorderImpact")) {
			if (Boolean.TRUE.equals(incident.get(flag))) {
				values.put(flag, "on");
			}
		}
		return values;
	}

	static List<String> careServices(Map<String, Object> incident) {
		if (incident.get("classification") instanceof Map<?, ?> classification
				&& classification.get("careServices") instanceof List<?> services) {
			return services.stream().map(String::valueOf).toList();
		}
		return List.of();
	}

	private static void copy(Map<String, String> values, String name, @Nullable Object value) {
		if (value != null) {
			values.put(name, String.valueOf(value));
		}
	}

	/** The API's field names as the form names them. */
	static Map<String, String> formFields(Map<String, String> apiErrors) {
		Map<String, String> errors = new LinkedHashMap<>();
		apiErrors.forEach((field, reason) -> {
			String name = switch (field) {
				case "rsitClass", "rsitType", "classification" -> "classification";
				default -> field.startsWith("observables") ? "observables" : field;
			};
			errors.merge(name, reason, (a, b) -> a + "; " + b);
		});
		return errors;
	}

	/** A browser's date-time field has no zone: the form says the times are UTC. */
	static @Nullable String instant(@Nullable String local) {
		if (local == null || local.isBlank()) {
			return null;
		}
		String value = local.strip();
		return value.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}") ? value + ":00Z" : value;
	}

	private static String text(MultiValueMap<String, String> form, String name) {
		String value = form.getFirst(name);
		return (value != null) ? value.strip() : "";
	}

	private static void put(Map<String, Object> body, String key, @Nullable String value) {
		if (value != null && !value.isBlank()) {
			body.put(key, value.strip());
		}
	}

}
