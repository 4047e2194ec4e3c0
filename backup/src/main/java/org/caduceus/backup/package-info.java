/**
 * {@code ./caduceus backup} and {@code ./caduceus restore}: a node's store and keys in
 * one OpenPGP passphrase-encrypted archive (a tar inside), readable with
 * {@code gpg --decrypt}.
 */
@NullMarked
package org.caduceus.backup;

import org.jspecify.annotations.NullMarked;
