package org.caduceus.console.session;

/** How far a sign-in has come: only {@link #ACTIVE} opens the console's pages. */
public enum Stage {

	/** A one-time password was used: a new password must be chosen first. */
	PASSWORD_CHANGE("/sign-in/password"),
	/** An admin without a second factor must enrol one. */
	TOTP_ENROLMENT("/sign-in/enrol"),
	/** The password was right; the second factor's code is next. */
	TOTP("/sign-in/code"),
	/** Signed in. */
	ACTIVE("/");

	private final String page;

	Stage(String page) {
		this.page = page;
	}

	/** The page this stage's user is sent to. */
	public String page() {
		return this.page;
	}

}
