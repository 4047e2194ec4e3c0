package org.caduceus.intake.incident;

import java.time.Instant;

import org.caduceus.taxonomy.Tlp;

/**
 * A journal note: append-only.
 *
 * @param id the note id
 * @param author who wrote it
 * @param at when
 * @param text the note
 * @param tlp how far the note may be shared; never below the incident's own TLP
 */
public record Note(String id, String author, Instant at, String text, Tlp tlp) {
}
