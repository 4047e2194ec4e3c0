package org.caduceus.images.oci;

/**
 * An image as written into a layout.
 *
 * @param spec what it is
 * @param digest the manifest's digest, {@code sha256:...}: what a pod pins
 * @param manifestSize the manifest's size in bytes
 * @param configDigest the config's digest (Docker's image id)
 * @param configSize the config's size in bytes
 */
public record Image(ImageSpec spec, String digest, long manifestSize, String configDigest, long configSize) {

	/**
	 * @return the bytes a registry or {@code docker load} takes: every blob once
	 */
	public long size() {
		return this.manifestSize + this.configSize + this.spec.layers().stream().mapToLong(Layer::size).sum();
	}

}
