/** The team's OpenPGP key: kept encrypted at rest, published as {@code key.asc}. */
@NullMarked
package org.caduceus.contacts.teamkey;

import org.jspecify.annotations.NullMarked;
