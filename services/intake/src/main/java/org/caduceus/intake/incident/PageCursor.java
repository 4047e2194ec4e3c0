package org.caduceus.intake.incident;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where the previous page ended: the sort value and id of its last incident, opaque to
 * clients (URL-safe Base64).
 *
 * @param sort the order it belongs to
 * @param value the last incident's sort value
 * @param id the last incident's id
 */
record PageCursor(String sort, String value, String id) {

	public static PageCursor after(Incident last, IncidentSort sort) {
		String value = switch (sort.field()) {
			case "ref" -> last.getRef();
			case "updatedAt" -> last.getUpdatedAt().toString();
			case "awareAt" -> String.valueOf(last.getAwareAt());
			default -> last.getCreatedAt().toString();
		};
		return new PageCursor(sort.toString(), value, last.getId());
	}

	public static PageCursor of(String text) {
		try {
			String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
			String[] parts = decoded.split("\n", -1);
			if (parts.length != 3) {
				throw new IllegalArgumentException();
			}
			return new PageCursor(parts[0], parts[1], parts[2]);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidIncident("after", "not a cursor returned by this service");
		}
	}

	/**
	 * @return the value in the stored type
	 */
	Object typedValue() {
		if (this.sort.endsWith("ref")) {
			return this.value;
		}
		try {
			return Instant.parse(this.value);
		}
		catch (RuntimeException ex) {
			throw new InvalidIncident("after", "not a cursor returned by this service");
		}
	}

	public String encode() {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((this.sort + "\n" + this.value + "\n" + this.id).getBytes(StandardCharsets.UTF_8));
	}

}
