package org.caduceus.intake.observable;

import java.net.IDN;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Validation and normalisation per observable type. Analysts paste defanged indicators
 * ({@code hxxp}, {@code [.]}, {@code (dot)}, {@code [@]}); these are refanged first. No
 * lookup ever touches the network: IP literals are parsed, never resolved.
 */
final class ObservableNormaliser {

	static final int MAX_LENGTH = 2048;

	private static final Pattern IPV4 = Pattern
		.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

	private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]{2,45}");

	private static final Pattern LABEL = Pattern.compile("(?!-)[a-z0-9-]{1,63}(?<!-)");

	private static final Pattern TLD = Pattern.compile("([a-z]{2,63}|xn--[a-z0-9-]{1,59})");

	private static final Pattern EMAIL_LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}");

	private static final Pattern CVE = Pattern.compile("CVE-(199\\d|2\\d{3})-\\d{4,7}");

	private static final Pattern ASN = Pattern.compile("(?i)(AS)?(\\d{1,10})");

	private static final Pattern FILENAME_FORBIDDEN = Pattern.compile("[\\x00-\\x1f/\\\\]");

	private ObservableNormaliser() {
	}

	static String normalise(ObservableType type, String raw) {
		if (raw == null || raw.isBlank()) {
			throw new InvalidObservable("value", "must not be blank");
		}
		if (raw.length() > MAX_LENGTH) {
			throw new InvalidObservable("value", "longer than " + MAX_LENGTH + " characters");
		}
		String value = (type == ObservableType.FILENAME) ? raw.strip() : refang(raw.strip());
		return switch (type) {
			case IPV4 -> ipv4(value);
			case IPV6 -> ipv6(value);
			case CIDR -> cidr(value);
			case DOMAIN -> domain(value);
			case URL -> url(value);
			case EMAIL -> email(value);
			case SHA256 -> hex(value, 64, "sha256");
			case SHA1 -> hex(value, 40, "sha1");
			case MD5 -> hex(value, 32, "md5");
			case CVE -> cve(value);
			case ASN -> asn(value);
			case FILENAME -> filename(value);
		};
	}

	/** Undoes the usual defanging: hxxp, [.], (.), [dot], (dot), [:], [@], [at]. */
	static String refang(String value) {
		return value.replaceAll("(?i)^h[x]{2}p(s?)", "http$1")
			.replaceAll("(?i)^fxp", "ftp")
			.replaceAll("(?i)\\[\\.\\]|\\(\\.\\)|\\{\\.\\}|\\[dot\\]|\\(dot\\)", ".")
			.replaceAll("\\[:\\]", ":")
			.replaceAll("(?i)\\[@\\]|\\(@\\)|\\[at\\]|\\(at\\)", "@")
			.replace("[://]", "://");
	}

	private static String ipv4(String value) {
		if (!IPV4.matcher(value).matches()) {
			throw new InvalidObservable("value",
					"'" + value + "' is not an IPv4 address (four numbers 0-255, no leading zeros)");
		}
		return value;
	}

	private static String ipv6(String value) {
		String candidate = value.startsWith("[") && value.endsWith("]") ? value.substring(1, value.length() - 1)
				: value;
		if (!IPV6_CHARS.matcher(candidate).matches() || !candidate.contains(":")) {
			throw new InvalidObservable("value", "'" + value + "' is not an IPv6 address");
		}
		try {
			InetAddress address = InetAddress.getByName(candidate);
			if (!(address instanceof Inet6Address)) {
				// an IPv4-mapped address comes back as IPv4; keep it as what it is
				return "::ffff:" + address.getHostAddress();
			}
			return canonicalIpv6(address.getAddress());
		}
		catch (UnknownHostException ex) {
			throw new InvalidObservable("value", "'" + value + "' is not an IPv6 address");
		}
	}

	/**
	 * RFC 5952: lower case, no leading zeros, the longest run of zero groups as
	 * {@code ::}.
	 */
	static String canonicalIpv6(byte[] bytes) {
		int[] groups = new int[8];
		for (int i = 0; i < 8; i++) {
			groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
		}
		int bestStart = -1;
		int bestLength = 0;
		for (int i = 0; i < 8;) {
			if (groups[i] == 0) {
				int start = i;
				while (i < 8 && groups[i] == 0) {
					i++;
				}
				if (i - start > bestLength && i - start >= 2) {
					bestStart = start;
					bestLength = i - start;
				}
			}
			else {
				i++;
			}
		}
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < 8; i++) {
			if (i == bestStart) {
				out.append("::");
				i += bestLength - 1;
				continue;
			}
			if (!out.isEmpty() && out.charAt(out.length() - 1) != ':') {
				out.append(':');
			}
			out.append(Integer.toHexString(groups[i]));
		}
		return out.toString();
	}

	private static String cidr(String value) {
		int slash = value.indexOf('/');
		if (slash < 0) {
			throw new InvalidObservable("value", "'" + value + "' is not a CIDR block (address/prefix)");
		}
		String address = value.substring(0, slash);
		String prefixText = value.substring(slash + 1);
		if (!prefixText.matches("\\d{1,3}")) {
			throw new InvalidObservable("value", "'" + value + "' has no valid prefix length");
		}
		int prefix = Integer.parseInt(prefixText);
		if (address.contains(":")) {
			if (prefix > 128) {
				throw new InvalidObservable("value", "IPv6 prefix length must be 0-128");
			}
			return ipv6(address) + "/" + prefix;
		}
		if (prefix > 32) {
			throw new InvalidObservable("value", "IPv4 prefix length must be 0-32");
		}
		return ipv4(address) + "/" + prefix;
	}

	private static String domain(String value) {
		String lower = value.toLowerCase(Locale.ROOT);
		if (lower.endsWith(".")) {
			lower = lower.substring(0, lower.length() - 1);
		}
		String ascii;
		try {
			ascii = IDN.toASCII(lower, IDN.USE_STD3_ASCII_RULES);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidObservable("value", "'" + value + "' is not a domain name");
		}
		String[] labels = ascii.split("\\.", -1);
		if (ascii.length() > 253 || labels.length < 2 || !TLD.matcher(labels[labels.length - 1]).matches()) {
			throw new InvalidObservable("value", "'" + value + "' is not a domain name (e.g. example.org)");
		}
		for (String label : labels) {
			if (!LABEL.matcher(label).matches()) {
				throw new InvalidObservable("value", "'" + value + "' has an invalid label '" + label + "'");
			}
		}
		return ascii;
	}

	private static String url(String value) {
		URI uri;
		try {
			uri = new URI(value.replace(" ", "%20"));
		}
		catch (URISyntaxException ex) {
			throw new InvalidObservable("value", "'" + value + "' is not a URL");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.matches("https?|ftp|ftps|wss?") || uri.getRawAuthority() == null || uri.getHost() == null) {
			throw new InvalidObservable("value", "'" + value + "' is not an absolute http(s), ftp or ws URL");
		}
		String host = uri.getHost();
		String normalisedHost;
		if (host.startsWith("[")) {
			normalisedHost = "[" + ipv6(host) + "]";
		}
		else if (IPV4.matcher(host).matches()) {
			normalisedHost = host;
		}
		else {
			normalisedHost = domain(host);
		}
		int port = uri.getPort();
		boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80)
				|| (scheme.equals("https") && port == 443) || (scheme.equals("ftp") && port == 21);
		String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) ? "/" : uri.getRawPath();
		StringBuilder out = new StringBuilder(scheme).append("://");
		if (uri.getRawUserInfo() != null) {
			out.append(uri.getRawUserInfo()).append('@');
		}
		out.append(normalisedHost);
		if (!defaultPort) {
			out.append(':').append(port);
		}
		out.append(path);
		if (uri.getRawQuery() != null) {
			out.append('?').append(uri.getRawQuery());
		}
		// fragments never reach a server, so two URLs that differ only there are the same
		// indicator
		return out.toString();
	}

	private static String email(String value) {
		int at = value.lastIndexOf('@');
		if (at <= 0 || at == value.length() - 1) {
			throw new InvalidObservable("value", "'" + value + "' is not an e-mail address");
		}
		String local = value.substring(0, at);
		if (!EMAIL_LOCAL.matcher(local).matches() || local.startsWith(".") || local.endsWith(".")
				|| local.contains("..")) {
			throw new InvalidObservable("value", "'" + value + "' has an invalid local part");
		}
		return local + "@" + domain(value.substring(at + 1));
	}

	private static String hex(String value, int length, String name) {
		String lower = value.toLowerCase(Locale.ROOT);
		if (lower.length() != length
				|| !lower.chars().allMatch((c) -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
			throw new InvalidObservable("value",
					"'" + abbreviate(value) + "' is not a " + name + " hash (" + length + " hexadecimal digits)");
		}
		return lower;
	}

	private static String cve(String value) {
		String upper = value.toUpperCase(Locale.ROOT);
		if (!CVE.matcher(upper).matches()) {
			throw new InvalidObservable("value", "'" + value + "' is not a CVE id (CVE-YYYY-NNNN)");
		}
		return upper;
	}

	private static String asn(String value) {
		var matcher = ASN.matcher(value.replace(" ", ""));
		if (!matcher.matches()) {
			throw new InvalidObservable("value", "'" + value + "' is not an AS number (e.g. AS64496)");
		}
		long number = Long.parseLong(matcher.group(2));
		if (number < 1 || number > 4_294_967_295L) {
			throw new InvalidObservable("value", "AS number must be 1-4294967295");
		}
		return "AS" + number;
	}

	private static String filename(String value) {
		if (value.length() > 255 || FILENAME_FORBIDDEN.matcher(value).find() || value.equals(".")
				|| value.equals("..")) {
			throw new InvalidObservable("value",
					"a file name has at most 255 characters and no slash or control character");
		}
		return value;
	}

	private static String abbreviate(String value) {
		return (value.length() > 80) ? value.substring(0, 77) + "..." : value;
	}

}
