/**
 * The CycloneDX bill of materials written next to each image.
 */
@NullMarked
package org.caduceus.images.sbom;

import org.jspecify.annotations.NullMarked;
