package org.caduceus.escalation.delivery;

import java.util.ArrayList;
import java.util.List;

import org.caduceus.escalation.border.BorderDecision;
import org.caduceus.escalation.border.BorderPolicy;
import org.caduceus.escalation.border.BorderRule;
import org.caduceus.escalation.border.Downgrade;
import org.caduceus.escalation.border.Snapshot;
import org.caduceus.escalation.casefile.Escalation;
import org.caduceus.gatewayclient.PeerInfo;
import org.caduceus.intakecontract.SourceIncident;
import org.caduceus.taxonomy.Tlp;
import org.jspecify.annotations.Nullable;

/**
 * The border again, when a queued escalation is about to leave: the border policy run on
 * the incident as it is now, for the peer as it is now, with the downgrade recorded when
 * it was queued; and the incident's TLP may not have become stricter than it was then.
 * Pure: the worker reads the incident and the peer.
 */
final class BorderAtSend {

	private BorderAtSend() {
	}

	/**
	 * @param queued the escalation, with the snapshot queued for it
	 * @param current the incident as intake shows it now
	 * @param peer the peer as the gateway knows it now; null when it knows it not (then
	 * the egress refuses, as before)
	 * @return the refusal, or null when the queued snapshot may still leave
	 */
	static BorderDecision.@Nullable Refused check(Escalation queued, SourceIncident current, @Nullable PeerInfo peer) {
		Snapshot snapshot = queued.snapshot();
		if (snapshot == null) {
			return null;
		}
		Downgrade downgrade = queued.downgrade();
		Tlp now = Tlp.of(current.tlp());
		Tlp then = Tlp.of((downgrade != null) ? downgrade.from() : snapshot.tlp());
		PeerInfo recipient = (peer != null) ? peer : new PeerInfo(queued.peer().value(), "", "", snapshot.tlp());
		List<String> named = new ArrayList<>(snapshot.sharedWith() != null ? snapshot.sharedWith() : List.of());
		if (!named.contains(recipient.nodeId())) {
			named.add(recipient.nodeId());
		}
		BorderPolicy.DowngradeRequest request = (downgrade != null && Tlp.of(downgrade.to()).isWithin(now))
				? new BorderPolicy.DowngradeRequest(Tlp.of(downgrade.to()), downgrade.reason(), downgrade.by()) : null;
		if (BorderPolicy.decide(current, recipient, named, request) instanceof BorderDecision.Refused refused) {
			return new BorderDecision.Refused(refused.rule(), "At send time: " + refused.detail());
		}
		if (now.isMoreRestrictiveThan(then)) {
			return new BorderDecision.Refused(BorderRule.TLP_RAISED_SINCE_QUEUED, "At send time: incident "
					+ current.ref() + " is " + now.label() + ", it was " + then.label() + " when it was escalated");
		}
		return null;
	}

}
