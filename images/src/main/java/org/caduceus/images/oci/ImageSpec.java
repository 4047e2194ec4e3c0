package org.caduceus.images.oci;

import java.util.List;
import java.util.Map;

/**
 * What one image is: its layers (the base first) and how it runs.
 *
 * @param name the image's short name, e.g. {@code caduceus-gateway}
 * @param reference its full tag, e.g.
 * {@code ghcr.io/caduceus-csirt/caduceus-gateway:0.1.0}
 * @param layers its layers, the base first
 * @param entrypoint the command it runs
 * @param cmd the entrypoint's default arguments
 * @param env its environment, {@code NAME=value}
 * @param ports the TCP ports it listens on
 * @param volumes directories meant to be mounted, e.g. the store's data
 * @param labels OCI annotations of the image (version, source, licenses)
 * @param user {@code uid:gid} it runs as
 */
public record ImageSpec(String name, String reference, List<Layer> layers, List<String> entrypoint, List<String> cmd,
		List<String> env, List<Integer> ports, List<String> volumes, Map<String, String> labels, String user) {

	/**
	 * @return the tag alone, after the last colon of the reference
	 */
	public String tag() {
		return this.reference.substring(this.reference.lastIndexOf(':') + 1);
	}

}
