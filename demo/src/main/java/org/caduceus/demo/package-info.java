/** {@code ./caduceus demo}: one incident walked across the border between two nodes. */
@NullMarked
package org.caduceus.demo;

import org.jspecify.annotations.NullMarked;
