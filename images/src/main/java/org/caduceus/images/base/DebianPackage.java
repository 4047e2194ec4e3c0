package org.caduceus.images.base;

/**
 * A Debian package some of whose installed files are in the base.
 *
 * @param name e.g. {@code libc6}
 * @param version e.g. {@code 2.36-9+deb12u14}
 * @param architecture e.g. {@code amd64}, or {@code all}
 * @param status its {@code dpkg-query -s} stanza, kept in the image for scanners
 * @param files the files of it the base holds
 */
public record DebianPackage(String name, String version, String architecture, String status, int files) {

	/**
	 * @return its package URL, e.g. {@code pkg:deb/debian/libc6@2.36-9?arch=amd64}
	 */
	public String purl() {
		return "pkg:deb/debian/" + this.name + "@" + this.version.replace("+", "%2B") + "?arch=" + this.architecture;
	}

}
