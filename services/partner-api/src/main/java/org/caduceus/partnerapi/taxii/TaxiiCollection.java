package org.caduceus.partnerapi.taxii;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;

import org.caduceus.taxonomy.Tlp;
import org.jspecify.annotations.Nullable;

/**
 * A TAXII collection: one sharing audience. {@code health-sector-green} is for every
 * partner, and holds TLP:CLEAR and TLP:GREEN only; {@code partner-<id>-amber} is for one
 * named partner (node or CERT), and holds up to TLP:AMBER. No collection holds
 * TLP:AMBER+STRICT or TLP:RED: those never leave the node.
 *
 * @param alias its name, e.g. {@code health-sector-green}
 * @param partner the one partner it is for, or null for the whole sector
 */
record TaxiiCollection(String alias, @Nullable String partner) {

	static final String GREEN = "health-sector-green";

	static final String PARTNER_PREFIX = "partner-";

	static final String AMBER_SUFFIX = "-amber";

	static TaxiiCollection sector() {
		return new TaxiiCollection(GREEN, null);
	}

	static TaxiiCollection amberFor(String partner) {
		return new TaxiiCollection(PARTNER_PREFIX + partner + AMBER_SUFFIX, partner);
	}

	/**
	 * @return the collection {@code alias} names, or null when it names none
	 */
	static @Nullable TaxiiCollection parse(String alias) {
		if (alias.equals(GREEN)) {
			return sector();
		}
		if (alias.startsWith(PARTNER_PREFIX) && alias.endsWith(AMBER_SUFFIX)
				&& alias.length() > PARTNER_PREFIX.length() + AMBER_SUFFIX.length()) {
			String partner = alias.substring(PARTNER_PREFIX.length(), alias.length() - AMBER_SUFFIX.length());
			return partner.matches("[a-z0-9][a-z0-9-]{0,62}") ? amberFor(partner) : null;
		}
		return null;
	}

	/**
	 * @return its TAXII id: a UUID derived from the alias, the same on every replica and
	 * restart
	 */
	String id() {
		return UUID.nameUUIDFromBytes(("caduceus-taxii-collection:" + this.alias).getBytes(StandardCharsets.UTF_8))
			.toString();
	}

	/**
	 * @return the TLP levels its objects may carry
	 */
	Set<Tlp> allowed() {
		return (this.partner == null) ? Set.of(Tlp.CLEAR, Tlp.GREEN) : Set.of(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER);
	}

	String title() {
		return (this.partner == null) ? "Health sector (TLP:CLEAR and TLP:GREEN)"
				: "For " + this.partner + " (up to TLP:AMBER)";
	}

}
