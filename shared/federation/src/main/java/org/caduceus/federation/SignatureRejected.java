package org.caduceus.federation;

/**
 * A signed request was refused. {@link #status()} is the HTTP status to answer with: 401
 * when the signature or its parameters are wrong or missing, 400 when the headers are
 * malformed.
 */
public class SignatureRejected extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int status;

	private final String reason;

	public SignatureRejected(int status, String reason, String detail) {
		super(detail);
		this.status = status;
		this.reason = reason;
	}

	static SignatureRejected malformed(String detail) {
		return new SignatureRejected(400, "malformed-signature", detail);
	}

	static SignatureRejected unauthenticated(String reason, String detail) {
		return new SignatureRejected(401, reason, detail);
	}

	public int status() {
		return this.status;
	}

	/**
	 * @return a stable name for the reason, e.g. {@code replayed-nonce}, usable as a
	 * problem type
	 */
	public String reason() {
		return this.reason;
	}

}
