/**
 * A user's own saved views of the incident list: named filters kept in the console's
 * database, each seen and removed by its owner only.
 */
@NullMarked
package org.caduceus.console.views;

import org.jspecify.annotations.NullMarked;
