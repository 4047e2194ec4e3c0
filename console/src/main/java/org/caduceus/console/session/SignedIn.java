package org.caduceus.console.session;

import org.caduceus.identity.Role;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who is signed in on this request: what a page needs to call the API as that user and to
 * render its forms.
 *
 * @param apiToken the OpenID Connect provider's access token of this session; none for a
 * local account, whose token the console mints with the node-local key
 */
public record SignedIn(String user, Role role, String csrf, @org.jspecify.annotations.Nullable String apiToken) {

	static final String ATTRIBUTE = SignedIn.class.getName();

	/** The signed-in user of a request the session filter let through to a page. */
	public static SignedIn of(ServerWebExchange exchange) {
		SignedIn signedIn = exchange.getAttribute(ATTRIBUTE);
		if (signedIn == null) {
			throw new IllegalStateException("no signed-in user on " + exchange.getRequest().getPath());
		}
		return signedIn;
	}

	/** The signed-in user of this request, if any (the sign-in pages have none). */
	public static @org.jspecify.annotations.Nullable SignedIn find(ServerWebExchange exchange) {
		return exchange.getAttribute(ATTRIBUTE);
	}

	public boolean isAdmin() {
		return this.role == Role.ADMIN;
	}

	public boolean isCoordinator() {
		return this.role == Role.COORDINATOR;
	}

	/** Analysts and coordinators work incidents; admins and auditors read. */
	public boolean mayWork() {
		return this.role == Role.ANALYST || this.role == Role.COORDINATOR;
	}

	public boolean mayReadFigures() {
		return this.role == Role.COORDINATOR || this.role == Role.AUDITOR;
	}

	public boolean mayReadSignIns() {
		return this.role == Role.ADMIN || this.role == Role.AUDITOR;
	}

}
