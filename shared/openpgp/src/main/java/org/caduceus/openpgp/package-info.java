/**
 * OpenPGP for team cards: an Ed25519 primary key (certify, sign) with an X25519
 * encryption subkey, OpenPGP v4 so that GnuPG 2.2 reads it; messages signed and then
 * encrypted to several recipients (AES-256 with integrity protection), opened and
 * verified against a pinned signer. Nothing weaker can be chosen.
 */
@NullMarked
package org.caduceus.openpgp;

import org.jspecify.annotations.NullMarked;
