/**
 * The base file system every image shares: a jlink runtime and the few Debian files it
 * needs.
 */
@NullMarked
package org.caduceus.images.base;

import org.jspecify.annotations.NullMarked;
