/** Incident pages: the list, filing, one incident and its actions. */
@NullMarked
package org.caduceus.console.incident;

import org.jspecify.annotations.NullMarked;
