/**
 * Acknowledged means durable: every deployable writes with a journaled majority write
 * concern unless its MongoDB URI names one.
 */
@NullMarked
package org.caduceus.web.durability;

import org.jspecify.annotations.NullMarked;
