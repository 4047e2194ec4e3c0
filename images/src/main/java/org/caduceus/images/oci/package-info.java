/**
 * OCI image layout, layers and archives, written byte for byte the same from the same
 * inputs.
 */
@NullMarked
package org.caduceus.images.oci;

import org.jspecify.annotations.NullMarked;
