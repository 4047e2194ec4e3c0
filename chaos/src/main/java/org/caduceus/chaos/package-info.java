/**
 * {@code ./caduceus chaos}: two real nodes under a mixed load while each of their
 * processes is killed with SIGKILL in turn and restarted with the launcher; afterwards
 * every write a client was told succeeded is looked for, once.
 */
@NullMarked
package org.caduceus.chaos;

import org.jspecify.annotations.NullMarked;
