package org.caduceus.intake.imports;

/**
 * Something in a partner's file that no incident took, kept with the report.
 *
 * @param id its id in the file
 * @param type its type
 * @param reason why it was not imported
 * @param content the object itself, as JSON
 */
public record KeptAside(String id, String type, String reason, String content) {
}
