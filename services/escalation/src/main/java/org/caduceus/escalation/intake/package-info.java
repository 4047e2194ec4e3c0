/**
 * Intake on this node as the escalation service's neighbour: the incident a coordinator
 * escalates is read from it, and what a partner escalates is filed in it, always with the
 * caller's own identity token. The messages are the records of
 * {@code caduceus-intake-contract}.
 */
@NullMarked
package org.caduceus.escalation.intake;

import org.jspecify.annotations.NullMarked;
