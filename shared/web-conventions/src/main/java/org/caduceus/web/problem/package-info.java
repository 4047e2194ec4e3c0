/**
 * RFC 9457 problem details: a stable {@code type} per error, the request id in every
 * problem, never a stack trace.
 */
@NullMarked
package org.caduceus.web.problem;

import org.jspecify.annotations.NullMarked;
