package org.caduceus.backup;

/**
 * A backup or restore that was refused or failed before it changed anything; its message
 * is for the operator.
 */
final class BackupRefused extends RuntimeException {

	private static final long serialVersionUID = 1L;

	BackupRefused(String message) {
		super(message);
	}

	BackupRefused(String message, Throwable cause) {
		super(message, cause);
	}

}
