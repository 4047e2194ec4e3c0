package org.caduceus.identity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The roles of a Caduceus node. */
public enum Role {

	/** Files and works incidents. */
	ANALYST,
	/** Everything in the node, including escalation across borders. */
	COORDINATOR,
	/** Node configuration: peers, team card, partner credentials. */
	ADMIN,
	/** Read-only, with change history and access records. */
	AUDITOR,
	/**
	 * A partner node whose federation signature the gateway verified. Never a user's
	 * role: the gateway drops it from user tokens and {@link #ofUser(String)} refuses it.
	 */
	PEER,
	/**
	 * A partner CERT that presented a partner API key on a TAXII request. Never a user's
	 * role: the gateway gives it only on the TAXII route, together with the key, which
	 * the partner API checks itself; no other service grants it anything.
	 */
	PARTNER,
	/**
	 * A service of this node reading what its job needs, with its own pinned key (the
	 * escalation service re-reading an incident before it sends it). Never a user's role:
	 * only a token signed by a service key the reading service trusts carries it, and
	 * each service grants it only the reads it names.
	 */
	SERVICE;

	/** The JWT claim that carries the role names. */
	public static final String CLAIM = "roles";

	/**
	 * @return the role named {@code name} (any case), or empty
	 */
	public static Optional<Role> find(String name) {
		return Arrays.stream(values()).filter((role) -> role.name().equalsIgnoreCase(name.trim())).findFirst();
	}

	/**
	 * @return the user role named {@code name} (any case), or empty; {@link #PEER} and
	 * {@link #PARTNER} are never user roles
	 */
	public static Optional<Role> findUserRole(String name) {
		return find(name).filter(Role::isUserRole);
	}

	/**
	 * @throws IllegalArgumentException naming the allowed roles
	 */
	public static Role ofUser(String name) {
		return findUserRole(name).orElseThrow(() -> new IllegalArgumentException(
				"unknown role '" + name + "'; one of analyst, coordinator, admin, auditor"));
	}

	/**
	 * The names a token's claims list at {@code dottedPath}: {@code roles} for Caduceus
	 * tokens, {@code realm_access.roles} for Keycloak's. Nothing when the path leads to
	 * no list; the names are not checked here.
	 */
	public static java.util.List<String> namesAt(java.util.Map<String, ?> claims, String dottedPath) {
		Object node = claims;
		for (String step : dottedPath.split("\\.")) {
			node = (node instanceof java.util.Map<?, ?> map) ? map.get(step) : null;
		}
		return (node instanceof java.util.Collection<?> names) ? names.stream().map(String::valueOf).toList()
				: java.util.List.of();
	}

	/**
	 * @return whether a person can hold this role
	 */
	public boolean isUserRole() {
		return this != PEER && this != PARTNER && this != SERVICE;
	}

	/**
	 * @return the lower-case name used in tokens, e.g. {@code analyst}
	 */
	public String claimValue() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * @return the Spring Security authority, e.g. {@code ROLE_ANALYST}
	 */
	public String authority() {
		return "ROLE_" + name();
	}

}
