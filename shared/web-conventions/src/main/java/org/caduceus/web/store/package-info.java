/**
 * A service whose store is down or full answers at once and says so: the MongoDB client
 * gives up choosing a server after a few seconds, and the failures that mean "the store
 * is unavailable" or "the store is out of disk space" are told apart from the rest.
 */
@NullMarked
package org.caduceus.web.store;

import org.jspecify.annotations.NullMarked;
