/**
 * The boundary rules every deployable states in a test of its own. See
 * {@link org.caduceus.testsupport.architecture.Boundaries}.
 */
@NullMarked
package org.caduceus.testsupport.architecture;

import org.jspecify.annotations.NullMarked;
