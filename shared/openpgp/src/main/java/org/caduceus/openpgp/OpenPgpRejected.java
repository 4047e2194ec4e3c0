package org.caduceus.openpgp;

/**
 * A message or key was refused; {@link #reason()} is a stable name for a problem type,
 * e.g. {@code not-encrypted-to-us}, {@code unpinned-signer}, {@code integrity-failure}.
 */
public class OpenPgpRejected extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String reason;

	public OpenPgpRejected(String reason, String detail) {
		super(detail);
		this.reason = reason;
	}

	public OpenPgpRejected(String reason, String detail, Throwable cause) {
		super(detail, cause);
		this.reason = reason;
	}

	public String reason() {
		return this.reason;
	}

}
