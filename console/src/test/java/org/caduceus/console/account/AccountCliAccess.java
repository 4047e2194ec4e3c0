package org.caduceus.console.account;

import java.io.PrintStream;

/** Opens the command line's entry point to the console's tests in other packages. */
public final class AccountCliAccess {

	private AccountCliAccess() {
	}

	public static int run(String[] args, PrintStream out, PrintStream err) {
		return AccountCli.run(args, out, err);
	}

}
