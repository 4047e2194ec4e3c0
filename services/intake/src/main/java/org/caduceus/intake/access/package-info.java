/** Who may see and do what in intake: roles and the TLP:RED rule. */
@NullMarked
package org.caduceus.intake.access;

import org.jspecify.annotations.NullMarked;
