/**
 * The TLP watch: a raise of an incident's TLP after its escalation was delivered reaches
 * the partner as a signed TLP message.
 */
@NullMarked
package org.caduceus.escalation.tlpwatch;

import org.jspecify.annotations.NullMarked;
