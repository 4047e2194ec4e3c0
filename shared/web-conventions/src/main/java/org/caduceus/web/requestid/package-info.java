/**
 * A request id for every request: taken from {@code X-Request-Id} when well-formed,
 * generated otherwise, returned in the response, and present in every log line written
 * while the request is handled.
 */
@NullMarked
package org.caduceus.web.requestid;

import org.jspecify.annotations.NullMarked;
