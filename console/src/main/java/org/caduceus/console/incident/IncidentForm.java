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
