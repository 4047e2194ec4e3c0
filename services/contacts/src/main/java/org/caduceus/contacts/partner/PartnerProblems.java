package org.caduceus.contacts.partner;

/** The errors of partner teams, as facts. */
public final class PartnerProblems {

	private PartnerProblems() {
	}

	/** No partner team with this id. */
	public static class UnknownPartner extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private UnknownPartner(String detail) {
			super(detail);
		}

		/** No team with this id is pinned. */
		static UnknownPartner named(String id) {
			return new UnknownPartner(
					"No partner team '" + id + "'; an admin pins its key at /api/v1/contacts/partners first");
		}

		/** A pinned partner whose card has not arrived: nothing to read yet. */
		static UnknownPartner withoutCard(String id) {
			return new UnknownPartner("Partner team '" + id + "' has sent no card yet");
		}

	}

	/** No incoming card request with this id. */
	public static class UnknownRequest extends RuntimeException {

		private static final long serialVersionUID = 1L;

		UnknownRequest(String id) {
			super("No card request '" + id + "' from a partner");
		}

	}

	/** A partner with this id is pinned already. */
	public static class PartnerExists extends RuntimeException {

		private static final long serialVersionUID = 1L;

		PartnerExists(String id) {
			super("Partner team '" + id + "' is pinned already");
		}

	}

	/** A partner's key or card breaks a rule; names the field. */
	public static class InvalidPartnerData extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final String slug;

		private final String field;

		InvalidPartnerData(String slug, String field, String reason) {
			super(reason);
			this.slug = slug;
			this.field = field;
		}

		public String slug() {
			return this.slug;
		}

		public String field() {
			return this.field;
		}

	}

}
