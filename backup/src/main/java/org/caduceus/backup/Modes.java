package org.caduceus.backup;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** POSIX permission bits as a tar header holds them, and back. */
final class Modes {

	private static final PosixFilePermission[] ORDER = { PosixFilePermission.OTHERS_EXECUTE,
			PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
			PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE,
			PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ };

	private Modes() {
	}

	static Set<PosixFilePermission> of(int mode) {
		Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
		for (int bit = 0; bit < ORDER.length; bit++) {
			if ((mode & (1 << bit)) != 0) {
				permissions.add(ORDER[bit]);
			}
		}
		return permissions;
	}

	static int from(Set<PosixFilePermission> permissions) {
		int mode = 0;
		for (int bit = 0; bit < ORDER.length; bit++) {
			if (permissions.contains(ORDER[bit])) {
				mode |= 1 << bit;
			}
		}
		return mode;
	}

}
