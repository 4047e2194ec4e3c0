package org.caduceus.stix;

import org.jspecify.annotations.Nullable;

/**
 * STIX patterns that match one observable exactly, with values quoted as STIX requires.
 */
final class Patterns {

	private Patterns() {
	}

	/**
	 * @return the pattern matching {@code observable}, or null when none is useful (a CVE
	 * is a vulnerability, not something to detect)
	 */
	static @Nullable String of(IncidentFacts.Observable observable) {
		String value = observable.value();
		return switch (observable.type()) {
			case "ipv4" -> "[ipv4-addr:value = " + quote(value) + "]";
			case "ipv6" -> "[ipv6-addr:value = " + quote(value) + "]";
			case "cidr" ->
				"[" + (value.contains(":") ? "ipv6-addr" : "ipv4-addr") + ":value ISSUBSET " + quote(value) + "]";
			case "domain" -> "[domain-name:value = " + quote(value) + "]";
			case "url" -> "[url:value = " + quote(value) + "]";
			case "email" -> "[email-addr:value = " + quote(value) + "]";
			case "sha256" -> "[file:hashes.'SHA-256' = " + quote(value) + "]";
			case "sha1" -> "[file:hashes.'SHA-1' = " + quote(value) + "]";
			case "md5" -> "[file:hashes.MD5 = " + quote(value) + "]";
			case "filename" -> "[file:name = " + quote(value) + "]";
			case "asn" -> "[autonomous-system:number = " + Long.parseLong(value.substring(2)) + "]";
			default -> null;
		};
	}

	/** A STIX string literal: single quotes, with backslash and quote escaped. */
	static String quote(String value) {
		return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
	}

}
