package org.caduceus.federation;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The RFC 9421 signature base of a request: one line per covered component, then the
 * {@code @signature-params} line, LF-separated, no trailing LF.
 */
final class SignatureBase {

	private SignatureBase() {
	}

	/**
	 * @param method the request method
	 * @param target the full target URI
	 * @param headers header fields by lower-case name
	 * @param components covered component identifiers, e.g. {@code @method},
	 * {@code content-digest}
	 * @param signatureParams the serialised inner list with its parameters
	 */
	static String of(String method, URI target, Map<String, List<String>> headers, List<String> components,
			String signatureParams) {
		StringBuilder base = new StringBuilder();
		for (String component : components) {
			if (!component.equals(component.toLowerCase(Locale.ROOT))) {
				throw SignatureRejected.malformed("component identifiers are lower case: " + component);
			}
			base.append('"')
				.append(component)
				.append("\": ")
				.append(value(method, target, headers, component))
				.append('\n');
		}
		return base.append("\"@signature-params\": ").append(signatureParams).toString();
	}

	private static String value(String method, URI target, Map<String, List<String>> headers, String component) {
		return switch (component) {
			case "@method" -> method.toUpperCase(Locale.ROOT);
			case "@target-uri" -> target.toASCIIString();
			case "@authority" -> authority(target);
			case "@scheme" -> target.getScheme().toLowerCase(Locale.ROOT);
			case "@path" -> (target.getRawPath() == null || target.getRawPath().isEmpty()) ? "/" : target.getRawPath();
			case "@query" -> "?" + ((target.getRawQuery() != null) ? target.getRawQuery() : "");
			default -> {
				if (component.startsWith("@")) {
					throw SignatureRejected.malformed("unsupported derived component " + component);
				}
				List<String> values = headers.get(component);
				if (values == null || values.isEmpty()) {
					throw SignatureRejected.unauthenticated("missing-signed-header",
							"the signature covers header '" + component + "', which the request does not have");
				}
				yield String.join(", ", values.stream().map(String::strip).toList());
			}
		};
	}

	private static String authority(URI target) {
		String host = target.getHost().toLowerCase(Locale.ROOT);
		int port = target.getPort();
		boolean defaultPort = port == -1 || ("http".equalsIgnoreCase(target.getScheme()) && port == 80)
				|| ("https".equalsIgnoreCase(target.getScheme()) && port == 443);
		return defaultPort ? host : host + ":" + port;
	}

}
