/** What every page gets: security headers, error pages, durable writes. */
@NullMarked
package org.caduceus.console.web;

import org.jspecify.annotations.NullMarked;
