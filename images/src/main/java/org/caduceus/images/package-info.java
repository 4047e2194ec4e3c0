/**
 * Builds the OCI images of every deployable: {@link org.caduceus.images.ImageBuild}.
 */
@NullMarked
package org.caduceus.images;

import org.jspecify.annotations.NullMarked;
