package org.caduceus.console;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The real OpenID Connect provider of the console's sign-in tests: the module
 * {@code oidc-test-issuer} (Spring Authorization Server) started as a process of its own
 * from its jar, which this module's test class path carries, and stopped with the JVM.
 */
final class TestProvider implements AutoCloseable {

	static final String CLIENT_ID = "caduceus-console";

	static final String CLIENT_SECRET = "console-secret-for-tests";

	static final String AUDIENCE = "caduceus-api";

	private final Process process;

	private final int port;

	private final Path log;

	/**
	 * @param consoleBase the console's address, to which the provider may send browsers
	 * back
	 * @param users {@code name:password:role+role;...}
	 */
	TestProvider(String consoleBase, String users) {
		this.port = freePort();
		try {
			this.log = Files.createTempFile("caduceus-test-provider", ".log");
			List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
					"-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar(), "--server.port=" + this.port,
					"--issuer.url=" + url(), "--issuer.client-id=" + CLIENT_ID,
					"--issuer.client-secret=" + CLIENT_SECRET, "--issuer.audience=" + AUDIENCE,
					"--issuer.redirect-uris=" + consoleBase + "/sign-in/oidc/callback",
					"--issuer.post-logout-redirect-uris=" + consoleBase + "/sign-in?signedOut",
					"--issuer.users=" + users));
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(this.log.toFile())
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(this.process::destroyForcibly));
		awaitDiscovery();
	}

	String url() {
		return "http://127.0.0.1:" + this.port;
	}

	private void awaitDiscovery() {
		HttpClient client = HttpClient.newHttpClient();
		Instant until = Instant.now().plus(Duration.ofSeconds(90));
		while (Instant.now().isBefore(until)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("the test provider stopped: " + tail());
			}
			try {
				HttpResponse<Void> response = client.send(
						HttpRequest.newBuilder(URI.create(url() + "/.well-known/openid-configuration")).build(),
						HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			this.process.onExit().completeOnTimeout(null, 200, java.util.concurrent.TimeUnit.MILLISECONDS).join();
		}
		throw new IllegalStateException("the test provider did not answer within 90 s: " + tail());
	}

	private String tail() {
		try {
			List<String> lines = Files.readAllLines(this.log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

	/**
	 * The provider's jar, from this module's test class path (the reactor's or Maven's).
	 */
	private static String jar() {
		return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter((entry) -> entry.matches(".*caduceus-oidc-test-issuer-[^" + File.separator + "]*-exec\\.jar"))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(
					"caduceus-oidc-test-issuer's exec jar is not on the test class path; build the module oidc-test-issuer"));
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		this.process.onExit().completeOnTimeout(null, 10, java.util.concurrent.TimeUnit.SECONDS).join();
		this.process.destroyForcibly();
	}

}
