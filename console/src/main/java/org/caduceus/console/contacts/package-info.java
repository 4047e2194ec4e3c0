/**
 * Contacts: the directory, the node's own card and partners' cards, the confidential part
 * behind an explicit, recorded read.
 */
@NullMarked
package org.caduceus.console.contacts;

import org.jspecify.annotations.NullMarked;
