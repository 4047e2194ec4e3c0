/**
 * Signed envelopes between Caduceus nodes: HTTP Message Signatures (RFC 9421) with
 * Ed25519, covering the method, the target URI, the RFC 9530 content digest and the
 * {@code created}, {@code expires}, {@code nonce} and {@code keyid} parameters. A request
 * is verified (signature, digest, time window, nonce) before its body is parsed.
 */
@NullMarked
package org.caduceus.federation;

import org.jspecify.annotations.NullMarked;
