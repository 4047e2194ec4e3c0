/**
 * Rate limits as token buckets, the same arithmetic wherever a deployable limits its
 * callers.
 */
@NullMarked
package org.caduceus.web.limits;

import org.jspecify.annotations.NullMarked;
