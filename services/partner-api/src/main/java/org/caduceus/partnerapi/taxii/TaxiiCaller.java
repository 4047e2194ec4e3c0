package org.caduceus.partnerapi.taxii;

import java.util.List;
import java.util.Set;

import org.caduceus.identity.Role;
import org.caduceus.stix.StixIds;

/**
 * Who calls the TAXII API, and what each kind of caller may do.
 * <ul>
 * <li>a local user (bearer token): analysts, coordinators and auditors read every
 * collection (they are this node's own people, and read its incidents too); coordinators
 * add objects (publishing is their act); an admin manages API keys and reaches no
 * collection, as intake shows an admin no incident;
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
 * <p>
 * What a caller publishes is its own: its STIX identity is
 * {@code identity--uuid5(node id or partner)}, as {@code IncidentExport} names a node; a
 * local user publishes as this node.
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

	/** The roles of local users who read the collections: those who read incidents. */
	static final Set<Role> READERS = Set.of(Role.ANALYST, Role.COORDINATOR, Role.AUDITOR);

	boolean canRead(TaxiiCollection collection) {
		return switch (this.kind) {
			case USER -> this.roles.stream().anyMatch(READERS::contains);
			case NODE -> ownOrSector(collection);
			case KEY -> ownOrSector(collection) && this.scopes.contains(collection.alias());
		};
	}

	boolean canWrite(TaxiiCollection collection) {
		return switch (this.kind) {
			case USER -> this.roles.contains(Role.COORDINATOR);
			case NODE -> ownOrSector(collection);
			case KEY -> this.keyWrites && canRead(collection);
		};
	}

	/**
	 * @param thisNode this node's id
	 * @return the STIX identity the caller publishes as: its own for a partner node or
	 * CERT, this node's for a local user
	 */
	String identity(String thisNode) {
		return identityOf((this.kind == Kind.USER) ? thisNode : this.name);
	}

	/**
	 * @return whether the caller is one of this node's own people
	 */
	boolean local() {
		return this.kind == Kind.USER;
	}

	/**
	 * @return the STIX identity id of a node or partner, as {@code IncidentExport} makes
	 * it
	 */
	static String identityOf(String nodeOrPartner) {
		return StixIds.of("identity", StixIds.CADUCEUS_NAMESPACE, nodeOrPartner);
	}

	/** The only collections a partner may ever reach: the sector's, and its own. */
	private boolean ownOrSector(TaxiiCollection collection) {
		return collection.partner() == null || collection.partner().equals(this.name);
	}

}
