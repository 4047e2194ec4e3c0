package org.caduceus.escalation.border;

/**
 * Something that did not leave the node with the snapshot, and why.
 *
 * @param field what was removed, e.g. {@code reporter.contact} or {@code journal[3]}
 * @param reason why, in words a coordinator understands
 */
public record Redaction(String field, String reason) {
}
