/**
 * The node's own team card: a public part anyone in the node reads, and a confidential
 * part (24/7 numbers, on-call people: personal data) whose every read is recorded.
 */
@NullMarked
package org.caduceus.contacts.card;

import org.jspecify.annotations.NullMarked;
