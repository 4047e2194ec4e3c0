package org.caduceus.escalation.border;

/**
 * A coordinator shared an incident under a less restrictive TLP than its own, and said
 * why.
 *
 * @param from the incident's TLP
 * @param to the TLP the snapshot was shared under
 * @param reason the coordinator's reason
 * @param by the coordinator
 */
public record Downgrade(String from, String to, String reason, String by) {
}
