package org.caduceus.console.account;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import org.caduceus.identity.Role;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

/**
 * {@code ./caduceus user add NAME ROLE} and {@code ./caduceus user reset NAME}: makes a
 * local account (or gives it a new one-time password) directly in the console's database,
 * and prints the one-time password once. The account must choose its own password at its
 * first sign-in; an admin must also enrol a second factor. Arguments:
 * {@code --mongodb URI [--database console] add NAME ROLE | reset NAME}.
 */
public final class AccountCli {

	private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9._@+-]{1,128}");

	private AccountCli() {
	}

	public static void main(String[] args) {
		// the store driver's informational logging is not this command's output
		((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
			.setLevel(ch.qos.logback.classic.Level.WARN);
		System.exit(run(args, System.out, System.err));
	}

	static int run(String[] args, PrintStream out, PrintStream err) {
		String uri = null;
		String database = "console";
		java.util.List<String> positional = new java.util.ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--mongodb" -> uri = (i + 1 < args.length) ? args[++i] : null;
				case "--database" -> database = (i + 1 < args.length) ? args[++i] : database;
				default -> positional.add(args[i]);
			}
		}
		boolean add = positional.size() == 3 && positional.get(0).equals("add");
		boolean reset = positional.size() == 2 && positional.get(0).equals("reset");
		if (uri == null || !(add || reset)) {
			err.println("usage: user --mongodb URI [--database console] add NAME ROLE | reset NAME");
			return 2;
		}
		String name = positional.get(1);
		if (!NAME.matcher(name).matches()) {
			err.println("user: a name is 1-128 of letters, digits and ._@+-");
			return 2;
		}
		Role role;
		try {
			role = add ? Role.ofUser(positional.get(2)) : Role.ANALYST;
		}
		catch (IllegalArgumentException ex) {
			err.println("user: " + ex.getMessage());
			return 2;
		}
		MongoClientSettings settings = MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(uri))
			.writeConcern(WriteConcern.MAJORITY.withJournal(true))
			.applyToClusterSettings((cluster) -> cluster.serverSelectionTimeout(5, TimeUnit.SECONDS))
			.build();
		try (MongoClient client = MongoClients.create(settings)) {
			ReactiveMongoTemplate template = new ReactiveMongoTemplate(client, database);
			Accounts accounts = new Accounts(template);
			String password = Passwords.oneTime();
			String hash = new Passwords().hash(password);
			Instant now = Instant.now();
			if (add) {
				accounts.create(name, role, hash, now).block(Duration.ofSeconds(30));
				accounts.record(name, SignInEvent.Kind.ACCOUNT_CREATED, "command line", now)
					.block(Duration.ofSeconds(30));
				out.println("account " + name + " (" + role.claimValue() + ") created; one-time password:");
			}
			else {
				if (accounts.reset(name, hash).block(Duration.ofSeconds(30)) == null) {
					err.println("user: no account named " + name);
					return 1;
				}
				// a reset answers a compromised account: its sessions end
				template
					.remove(org.springframework.data.mongodb.core.query.Query
						.query(org.springframework.data.mongodb.core.query.Criteria.where("user").is(name)), "sessions")
					.block(Duration.ofSeconds(30));
				accounts.record(name, SignInEvent.Kind.PASSWORD_RESET, "command line", now)
					.block(Duration.ofSeconds(30));
				out.println("account " + name
						+ " reset (second factor removed, lockout lifted, signed out everywhere); one-time password:");
			}
			out.println(password);
			out.println("it must be changed at the first sign-in" + ((role == Role.ADMIN && add)
					? ", and an admin enrols a second factor (an authenticator app) then" : ""));
			return 0;
		}
		catch (DuplicateKeyException ex) {
			err.println("user: an account named " + name + " exists already (reset it with: user reset " + name + ")");
			return 1;
		}
		catch (RuntimeException ex) {
			err.println("user: the console's store did not answer (" + ex.getMessage() + "); is the node running?");
			return 1;
		}
	}

}
