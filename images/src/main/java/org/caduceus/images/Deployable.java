package org.caduceus.images;

import java.util.List;

/**
 * A process of a node that gets an image: its jar (as {@code ./caduceus} runs it) and how
 * its container starts.
 *
 * @param component the name in {@code caduceus-<component>}, as the chart names images
 * @param jar the jar's file name in {@code target/apps}
 * @param port the port it listens on in the container
 * @param cmd the arguments after {@code java -jar /app/app.jar}
 * @param volume a directory meant for a volume, or empty
 */
record Deployable(String component, String jar, int port, List<String> cmd, String volume) {

	/**
	 * Every deployable: the store (the embedded one; the chart expects a MongoDB), then
	 * the services, the console (behind the gateway like a service) and the gateway.
	 */
	static final List<Deployable> ALL = List.of(
			new Deployable("store", "caduceus-embedded-mongo-exec.jar", 27017,
					List.of("--data", "/data", "--host", "0.0.0.0", "--port", "27017"), "/data"),
			service("intake"), service("escalation"), service("contacts"), service("partner-api"), service("console"),
			new Deployable("gateway", "caduceus-gateway-exec.jar", 8080, List.of(), ""));

	private static Deployable service(String name) {
		return new Deployable(name, "caduceus-" + name + "-exec.jar", 8080, List.of(), "");
	}

	String image() {
		return "caduceus-" + this.component;
	}

}
