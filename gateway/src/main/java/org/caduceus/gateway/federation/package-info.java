/**
 * Federation with partner nodes: the node's Ed25519 key, the peer directory, the nonce
 * store, verification of everything that enters {@code /federation/v1/**} and signing of
 * everything that leaves (the egress the node's services call).
 */
@NullMarked
package org.caduceus.gateway.federation;

import org.jspecify.annotations.NullMarked;
