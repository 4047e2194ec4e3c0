package org.caduceus.taxonomy;

import java.util.Locale;

/**
 * Traffic Light Protocol 2.0 (FIRST, 2022) with its sharing rules as code. Declared from
 * least to most restrictive.
 */
public enum Tlp implements TaxonomyValue {

	/** Disclosure is not limited. */
	CLEAR("clear"),

	/** Limited disclosure: the community, but not publicly. */
	GREEN("green"),

	/** Limited disclosure: the recipient's organisation and its clients, need-to-know. */
	AMBER("amber"),

	/** Limited disclosure: the recipient's organisation only. */
	AMBER_STRICT("amber+strict"),

	/** For the eyes and ears of individual recipients only. */
	RED("red");

	private final String code;

	Tlp(String code) {
		this.code = code;
	}

	/**
	 * Parses {@code amber+strict}, {@code TLP:AMBER+STRICT} or {@code tlp:amber+strict}.
	 * The TLP 1.0 label {@code white} is read as {@link #CLEAR}; it is never printed.
	 */
	public static Tlp of(String text) {
		String lower = text.trim().toLowerCase(Locale.ROOT);
		if (lower.equals("white") || lower.equals("tlp:white")) {
			return CLEAR;
		}
		return TaxonomyValue.parse(Tlp.class, "tlp", lower);
	}

	@Override
	public String code() {
		return this.code;
	}

	@Override
	public MachineTag machineTag() {
		return MachineTag.of("tlp", this.code);
	}

	/**
	 * @return the label as FIRST prints it, e.g. {@code TLP:AMBER+STRICT}
	 */
	public String label() {
		return "TLP:" + this.code.toUpperCase(Locale.ROOT);
	}

	/**
	 * Whether information at this level may leave the node at all. RED is for named
	 * individuals and AMBER+STRICT for the recipient organisation only, so neither
	 * crosses a border between CERTs.
	 */
	public boolean mayLeaveNode() {
		return this != RED && this != AMBER_STRICT;
	}

	/**
	 * Whether information at this level may be sent to a partner.
	 * @param namedRecipient true when the partner was named explicitly as a recipient of
	 * this piece of information, false for a broadcast to a community or collection
	 * @return true when TLP 2.0 allows it
	 */
	public boolean maySendTo(boolean namedRecipient) {
		return switch (this) {
			case CLEAR, GREEN -> true;
			case AMBER -> namedRecipient;
			case AMBER_STRICT, RED -> false;
		};
	}

	/**
	 * @return true when this level is no more restrictive than {@code ceiling}
	 */
	public boolean isWithin(Tlp ceiling) {
		return compareTo(ceiling) <= 0;
	}

	/**
	 * @return true when this level is more restrictive than {@code other}
	 */
	public boolean isMoreRestrictiveThan(Tlp other) {
		return compareTo(other) > 0;
	}

}
