package org.caduceus.backup;

import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The Java side of {@code ./caduceus backup} and {@code ./caduceus restore}:
 * <ul>
 * <li>{@code backup --node ID --data DIR [--store URI] FILE}: with {@code --store}, the
 * running store copies its file at one commit point; without, the node is stopped and its
 * file is read directly;</li>
 * <li>{@code restore --node ID --data-root DIR [--force] FILE}.</li>
 * </ul>
 * The passphrase comes from {@code CADUCEUS_BACKUP_PASSPHRASE}, else from the terminal
 * (asked twice for a backup), never from the command line. Exit code 0 when done, 1 when
 * refused (nothing changed), 2 for a usage error.
 */
public final class BackupCli {

	static final String PASSPHRASE_VARIABLE = "CADUCEUS_BACKUP_PASSPHRASE";

	static final int MIN_PASSPHRASE = 12;

	private BackupCli() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.getenv(), System.console(), System.out, System.err));
	}

	static int run(String[] args, Map<String, String> env, @Nullable Console console, PrintStream out,
			PrintStream err) {
		if (args.length == 0 || !(args[0].equals("backup") || args[0].equals("restore"))) {
			err.println("usage: backup --node ID --data DIR [--store URI] FILE | restore --node ID --data-root DIR"
					+ " [--force] FILE");
			return 2;
		}
		String node = null;
		String dir = null;
		String store = null;
		boolean force = false;
		List<String> files = new ArrayList<>();
		for (int i = 1; i < args.length; i++) {
			String arg = args[i];
			if (arg.equals("--force")) {
				force = true;
			}
			else if (arg.startsWith("--")) {
				if (i + 1 >= args.length) {
					err.println(arg + " needs a value");
					return 2;
				}
				String value = args[++i];
				switch (arg) {
					case "--node" -> node = value;
					case "--data", "--data-root" -> dir = value;
					case "--store" -> store = value;
					default -> {
						err.println("unknown option " + arg);
						return 2;
					}
				}
			}
			else {
				files.add(arg);
			}
		}
		if (node == null || dir == null || files.size() != 1) {
			err.println("usage: " + args[0] + " --node ID "
					+ (args[0].equals("backup") ? "--data DIR [--store URI]" : "--data-root DIR [--force]") + " FILE");
			return 2;
		}
		char[] passphrase = null;
		try {
			boolean backup = args[0].equals("backup");
			Path file = Path.of(files.get(0)).toAbsolutePath();
			// what can be refused without the passphrase is refused before it is asked
			// for
			if (backup && java.nio.file.Files.exists(file)) {
				throw new BackupRefused(file + " exists already: choose another file name");
			}
			if (!backup && !java.nio.file.Files.isRegularFile(file)) {
				throw new BackupRefused("no backup file " + file);
			}
			passphrase = passphrase(env, console, backup);
			if (backup) {
				Backup.run(node, new NodeDirectory(Path.of(dir)), store, file, passphrase, version(), out);
			}
			else {
				Restore.run(node, Path.of(dir), force, file, passphrase, out);
			}
			return 0;
		}
		catch (BackupRefused ex) {
			err.println(args[0] + ": " + ex.getMessage());
			return 1;
		}
		catch (IOException | RuntimeException ex) {
			err.println(args[0] + " failed: " + ex + " (nothing was changed)");
			return 1;
		}
		finally {
			if (passphrase != null) {
				Arrays.fill(passphrase, '\0');
			}
		}
	}

	private static char[] passphrase(Map<String, String> env, @Nullable Console console, boolean twice) {
		String given = env.get(PASSPHRASE_VARIABLE);
		char[] passphrase;
		if (given != null && !given.isEmpty()) {
			passphrase = given.toCharArray();
		}
		else if (console != null) {
			passphrase = console.readPassword("passphrase for the backup: ");
			if (passphrase == null) {
				throw new BackupRefused("no passphrase given");
			}
			if (twice) {
				char[] again = console.readPassword("the same passphrase again: ");
				if (again == null || !Arrays.equals(passphrase, again)) {
					throw new BackupRefused("the two passphrases differ");
				}
			}
		}
		else {
			throw new BackupRefused("no passphrase: set " + PASSPHRASE_VARIABLE + " or run this from a terminal");
		}
		if (twice && passphrase.length < MIN_PASSPHRASE) {
			throw new BackupRefused("the passphrase must have at least " + MIN_PASSPHRASE + " characters");
		}
		return passphrase;
	}

	private static String version() {
		java.util.Properties properties = new java.util.Properties();
		try (java.io.InputStream in = BackupCli.class.getResourceAsStream("/caduceus-backup.properties")) {
			if (in != null) {
				properties.load(in);
			}
		}
		catch (IOException ex) {
			// the manifest then says "unknown"
		}
		return properties.getProperty("version", "unknown");
	}

}
