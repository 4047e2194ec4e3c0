package org.caduceus.images.oci;

/**
 * One layer as its blob is stored: gzip-compressed tar.
 *
 * @param digest {@code sha256:...} of the compressed blob
 * @param size the blob's size in bytes
 * @param diffId {@code sha256:...} of the uncompressed tar, as the image config names it
 * @param description what it holds, for the image's history
 */
public record Layer(String digest, long size, String diffId, String description) {

	static final String MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";

}
