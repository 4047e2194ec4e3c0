/**
 * The escalation service's neighbours over HTTP: intake on this node (with the caller's
 * own identity token) and the gateway's internal API (peer directory, signed egress).
 */
@NullMarked
package org.caduceus.escalation.partners;

import org.jspecify.annotations.NullMarked;
