package org.caduceus.intake.access;

import java.util.EnumSet;
import java.util.Set;

import org.caduceus.identity.Role;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import reactor.core.publisher.Mono;

/**
 * The authenticated user of a request, as the gateway vouched for them.
 *
 * @param user the user name
 * @param roles the Caduceus roles
 */
public record Viewer(String user, Set<Role> roles) {

	public Viewer {
		roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
	}

	public static Viewer of(String user, Role... roles) {
		return new Viewer(user, Set.of(roles));
	}

	/**
	 * @return the viewer of the current request
	 */
	public static Mono<Viewer> current() {
		return ReactiveSecurityContextHolder.getContext().map((context) -> of(context.getAuthentication()));
	}

	static Viewer of(Authentication authentication) {
		Set<Role> roles = EnumSet.noneOf(Role.class);
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			String name = String.valueOf(authority.getAuthority());
			if (name.startsWith("ROLE_")) {
				Role.find(name.substring(5)).ifPresent(roles::add);
			}
		}
		return new Viewer(authentication.getName(), roles);
	}

	public boolean has(Role role) {
		return this.roles.contains(role);
	}

	/** Coordinators see and do everything in the node. */
	public boolean isCoordinator() {
		return has(Role.COORDINATOR);
	}

	/** Analysts and coordinators file and work incidents. */
	public boolean mayWork() {
		return has(Role.ANALYST) || isCoordinator();
	}

	/** Change history is for auditors and coordinators. */
	public boolean mayReadHistory() {
		return has(Role.AUDITOR) || isCoordinator();
	}

	/**
	 * A trusted service of this node sees every incident it is allowed to read (one
	 * endpoint: see the controllers' role expressions). TLP:RED incidents are for their
	 * creator, their assignee and coordinators only; any other incident is for every role
	 * that reads incidents.
	 */
	public boolean maySee(boolean red, String createdBy, @org.jspecify.annotations.Nullable String assignee) {
		if (has(Role.SERVICE)) {
			// a trusted service of this node reads the incident to check it against the
			// border at send time; it is let through only on the read it names
			return true;
		}
		if (!(mayWork() || has(Role.AUDITOR))) {
			return false;
		}
		return !red || isCoordinator() || this.user.equals(createdBy) || this.user.equals(assignee);
	}

}
