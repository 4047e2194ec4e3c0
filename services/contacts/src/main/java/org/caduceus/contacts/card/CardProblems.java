package org.caduceus.contacts.card;

/** The errors of the team card, as facts. */
public final class CardProblems {

	private CardProblems() {
	}

	/** A card value breaks a rule; names the field. */
	public static class InvalidCard extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final String field;

		InvalidCard(String field, String reason) {
			super(reason);
			this.field = field;
		}

		public String field() {
			return this.field;
		}

	}

	/** No card has been written yet. */
	public static class NoCardYet extends RuntimeException {

		private static final long serialVersionUID = 1L;

		NoCardYet() {
			super("This node has no team card yet; an admin writes it with PUT /api/v1/contacts/card");
		}

	}

	/** A change without {@code If-Match}, or one made from an older version. */
	public static class VersionMismatch extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final boolean missing;

		VersionMismatch(boolean missing, String detail) {
			super(detail);
			this.missing = missing;
		}

		/**
		 * @return true when {@code If-Match} was missing (428), false when stale (412)
		 */
		public boolean missing() {
			return this.missing;
		}

	}

}
