package org.caduceus.intake.incident;

import org.jspecify.annotations.Nullable;

/** ETags of incidents are their version: {@code "7"}. */
final class Versions {

	private Versions() {
	}

	static String etag(Incident incident) {
		return "\"" + incident.getVersion() + "\"";
	}

	/**
	 * @return the version the client's {@code If-Match} names
	 * @throws IfMatchRequired when there is none
	 */
	static long fromIfMatch(@Nullable String ifMatch) {
		if (ifMatch == null || ifMatch.isBlank()) {
			throw new IfMatchRequired();
		}
		String tag = ifMatch.trim();
		if (tag.startsWith("W/")) {
			tag = tag.substring(2);
		}
		tag = tag.replace("\"", "");
		try {
			return Long.parseLong(tag);
		}
		catch (NumberFormatException ex) {
			// an ETag this service never issued cannot match
			return -1;
		}
	}

}
