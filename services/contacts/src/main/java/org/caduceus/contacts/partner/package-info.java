/**
 * Partner teams: their pinned OpenPGP keys, the cards they sent (sealed, verified against
 * the pinned key), the directory, and the armored exchange by e-mail with CERTs that run
 * no node.
 */
@NullMarked
package org.caduceus.contacts.partner;

import org.jspecify.annotations.NullMarked;
