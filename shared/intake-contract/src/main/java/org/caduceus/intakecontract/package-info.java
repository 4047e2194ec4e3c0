/**
 * The contract between the escalation service and intake on the same node, as records
 * both compile against: the incident escalation files for what a partner escalated
 * ({@link org.caduceus.intakecontract.InboundIncident}), intake's answer
 * ({@link org.caduceus.intakecontract.LinkedIncident}) and the incident escalation reads
 * before it escalates ({@link org.caduceus.intakecontract.SourceIncident}). Escalation
 * sends and reads these; intake's build posts them to its real controller, so a change on
 * either side fails a build instead of the demo.
 */
@NullMarked
package org.caduceus.intakecontract;

import org.jspecify.annotations.NullMarked;
