package org.caduceus.partnerapi.taxii;

import java.util.List;
import java.util.Set;

import org.caduceus.identity.Role;

/**
 * Who calls the TAXII API, and what each kind of caller may do.
 * <ul>
 * <li>a local user (bearer token): every role reads every collection (they are this
 * node's own people); coordinators and admins add objects (publishing is their act);
 * <li>a partner node (federation signature): reads and writes {@code health-sector-green}
 * and its own {@code partner-<node>-amber};
 * <li>a partner CERT (API key): the collections its key names, among those two kinds for
 * itself, writing only when the key says so.
 * </ul>
 *
 * @param kind user, node or key
 * @param name the user, node id or partner
 * @param roles a user's roles
 * @param scopes a key's collections
 * @param keyWrites whether a key may write
 */
record TaxiiCaller(Kind kind, String name, Set<Role> roles, List<String> scopes, boolean keyWrites) {

	enum Kind {

		USER, NODE, KEY

	}

	static TaxiiCaller user(String name, Set<Role> roles) {
		return new TaxiiCaller(Kind.USER, name, Set.copyOf(roles), List.of(), false);
	}

	static TaxiiCaller node(String nodeId) {
		return new TaxiiCaller(Kind.NODE, nodeId, Set.of(), List.of(), false);
	}

	static TaxiiCaller key(ApiKey key) {
		return new TaxiiCaller(Kind.KEY, key.partner(), Set.of(), key.collections(), key.canWrite());
	}

	boolean canRead(TaxiiCollection collection) {
		return switch (this.kind) {
			case USER -> !this.roles.isEmpty();
			case NODE -> ownOrSector(collection);
			case KEY -> ownOrSector(collection) && this.scopes.contains(collection.alias());
		};
	}

	boolean canWrite(TaxiiCollection collection) {
		return switch (this.kind) {
			case USER -> this.roles.contains(Role.COORDINATOR) || this.roles.contains(Role.ADMIN);
			case NODE -> ownOrSector(collection);
			case KEY -> this.keyWrites && canRead(collection);
		};
	}

	/** The only collections a partner may ever reach: the sector's, and its own. */
	private boolean ownOrSector(TaxiiCollection collection) {
		return collection.partner() == null || collection.partner().equals(this.name);
	}

}
