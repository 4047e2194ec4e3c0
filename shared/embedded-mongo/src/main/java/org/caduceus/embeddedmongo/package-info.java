/**
 * The embedded default store: mongo-java-server with its file-backed H2 MVStore backend,
 * reachable over a normal {@code mongodb://} URI so that a real MongoDB is a
 * configuration change.
 */
@NullMarked
package org.caduceus.embeddedmongo;

import org.jspecify.annotations.NullMarked;
