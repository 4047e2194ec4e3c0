package org.caduceus.intake.incident;

import org.caduceus.taxonomy.Tlp;

/**
 * A TLP below the one the partner shared the incident under: only the originator lowers
 * it, by a signed update.
 */
public class TlpBelowPartnerFloor extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final Tlp floor;

	public TlpBelowPartnerFloor(Tlp requested, Tlp floor) {
		super("The partner shared this incident as " + floor.label() + "; " + requested.label()
				+ " is below it, and only the partner may lower it (by a signed update)");
		this.floor = floor;
	}

	public Tlp floor() {
		return this.floor;
	}

}
