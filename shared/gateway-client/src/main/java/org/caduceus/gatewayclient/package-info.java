/**
 * A node service's client of its own gateway's internal API: the peer directory and the
 * egress that signs and sends to peers. The service proves who it is with its own key; it
 * never holds the node's federation key.
 */
@NullMarked
package org.caduceus.gatewayclient;

import org.jspecify.annotations.NullMarked;
