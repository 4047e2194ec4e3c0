/**
 * One way for every module's tests to get a MongoDB. See
 * {@link org.caduceus.testsupport.TestMongo}.
 */
@NullMarked
package org.caduceus.testsupport;

import org.jspecify.annotations.NullMarked;
