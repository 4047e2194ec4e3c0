/** The escalation service. */
@NullMarked
package org.caduceus.escalation;

import org.jspecify.annotations.NullMarked;
