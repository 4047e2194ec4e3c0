package org.caduceus.intake.observable;

import java.util.Arrays;
import java.util.Locale;

/** The kinds of observable an incident can carry, named as in the API. */
public enum ObservableType {

	IPV4("ipv4"), IPV6("ipv6"), CIDR("cidr"), DOMAIN("domain"), URL("url"), EMAIL("email"), SHA256("sha256"),
	SHA1("sha1"), MD5("md5"), CVE("cve"), ASN("asn"), FILENAME("filename");

	private final String code;

	ObservableType(String code) {
		this.code = code;
	}

	public String code() {
		return this.code;
	}

	public static ObservableType of(String text) {
		String lower = text.trim().toLowerCase(Locale.ROOT);
		return Arrays.stream(values())
			.filter((type) -> type.code.equals(lower))
			.findFirst()
			.orElseThrow(() -> new InvalidObservable("type", "'" + text + "' is not an observable type; one of "
					+ String.join(", ", Arrays.stream(values()).map(ObservableType::code).toList())));
	}

}
