package org.caduceus.intakecontract;

/**
 * Intake's answer to an {@link InboundIncident}: the incident it filed (or had filed
 * before, for the same escalation).
 *
 * @param id intake's id of the linked incident
 * @param ref its reference on this node, e.g. {@code DE-2026-000042}
 */
public record LinkedIncident(String id, String ref) {
}
