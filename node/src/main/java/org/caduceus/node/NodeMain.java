package org.caduceus.node;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.caduceus.embeddedmongo.EmbeddedMongo;
import org.caduceus.embeddedmongo.EmbeddedMongoMain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.netty.http.HttpResources;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Runs a whole node in this JVM: the embedded store, then each service, the gateway and
 * the console, each as its own Spring application context. A context reads its own
 * {@code application.yml} and the same {@code CADUCEUS_*} environment as its separate
 * deployable, listens on its own port, keeps its own database, keys and security chain,
 * and auto-configures from its own deployable's jars only
 * ({@link DeployableAutoConfigurationFilter}). Requests between them go over HTTP on the
 * loopback with the same signed identity as between processes: one JVM shares the
 * compiled code, the heap and the event loops, not the trust.
 *
 * <p>
 * {@code java -jar caduceus-node.jar --data DIR --port N [--reserve-mb M]}: the gateway
 * on N, the services and the console on N+1 to N+6, the store on N+4, as
 * {@code ./caduceus up} lays a node out.
 */
public final class NodeMain {

	private static final Logger log = LoggerFactory.getLogger(NodeMain.class);

	/** Set once the node is being stopped; guarded by the list of running contexts. */
	private static boolean stopping;

	private NodeMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		long began = System.nanoTime();
		int port = 8080;
		List<String> storeArguments = new ArrayList<>();
		for (int i = 0; i < args.length; i += 2) {
			String value = (i + 1 < args.length) ? args[i + 1] : "";
			switch (args[i]) {
				case "--port" -> port = basePort(value);
				case "--data", "--reserve-mb" -> storeArguments.addAll(List.of(args[i], value));
				default -> {
					log.error("unknown argument {}; usage: --data DIR [--port N] [--reserve-mb N]", args[i]);
					System.exit(2);
				}
			}
		}
		storeArguments.addAll(List.of("--port", String.valueOf(port + Component.STORE_OFFSET)));
		// exits with 2 on a bad argument, with 3 on a damaged store file, now or later,
		// as the store process of a split node does
		EmbeddedMongo store = EmbeddedMongoMain.startOrExit(storeArguments.toArray(String[]::new));
		List<ConfigurableApplicationContext> running = new ArrayList<>();
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			stopAll(running, store);
			stopped.countDown();
		}, "node-shutdown"));
		ClassLoader loader = NodeMain.class.getClassLoader();
		for (Component component : Component.ALL) {
			try {
				synchronized (running) {
					// a stop asked for while starting: the next component does not start
					if (stopping) {
						return;
					}
				}
				ConfigurableApplicationContext context = start(component, port, loader);
				synchronized (running) {
					if (stopping) {
						context.close();
						return;
					}
					running.add(context);
				}
			}
			catch (RuntimeException ex) {
				log.error("{} did not start; stopping the node", component.name(), ex);
				System.exit(1);
				return;
			}
		}
		log.info("node up: store and {} contexts in one JVM after {} ms", Component.ALL.size(),
				(System.nanoTime() - began) / 1_000_000);
		stopped.await();
	}

	private static int basePort(String value) {
		try {
			int port = Integer.parseInt(value);
			if (port >= 1024 && port <= 65529) {
				return port;
			}
		}
		catch (NumberFormatException ex) {
			// refused below
		}
		log.error("--port must be a number from 1024 to 65529, not '{}'", value);
		System.exit(2);
		throw new IllegalStateException("exiting");
	}

	static ConfigurableApplicationContext start(Component component, int basePort, ClassLoader loader) {
		List<String> arguments = new ArrayList<>(
				List.of("--" + DeployableAutoConfigurationFilter.COMPONENT + "=" + component.artifact(),
						"--spring.config.location=" + component.configuration(loader),
						"--server.port=" + (basePort + component.portOffset()),
						// one Logback serves every context: the name of the last one
						// set up would stand on every line; the logger names tell
						"--logging.include-application-name=false",
						// the node stops within the launcher's wait, even while
						// the console holds an event stream open
						"--spring.lifecycle.timeout-per-shutdown-phase=5s"));
		if (!"console".equals(component.name())) {
			// the console's pages and WebJars are on the one class path:
			// only the console serves them
			arguments.add("--spring.web.resources.add-mappings=false");
		}
		return new SpringApplicationBuilder(component.application()).registerShutdownHook(false)
			.initializers((context) -> ((GenericApplicationContext) context).registerBean("reactorResourceFactory",
					ReactorResourceFactory.class, NodeMain::sharedNetty))
			.run(arguments.toArray(String[]::new));
	}

	/**
	 * The JVM's Reactor Netty event loops and connection pool for a context's server and
	 * clients, as each deployable uses them, but not disposed when the context closes:
	 * the first context to stop would otherwise stop every other one's server and clients
	 * before their own graceful shutdown. Disposed once every context has stopped.
	 */
	private static ReactorResourceFactory sharedNetty() {
		ReactorResourceFactory factory = new ReactorResourceFactory();
		factory.setUseGlobalResources(false);
		factory.setLoopResources(HttpResources.get());
		factory.setConnectionProvider(HttpResources.get());
		return factory;
	}

	/**
	 * The door first, then the services, the store last: nothing writes to a closed
	 * store.
	 */
	private static void stopAll(List<ConfigurableApplicationContext> running, EmbeddedMongo store) {
		List<ConfigurableApplicationContext> contexts;
		synchronized (running) {
			stopping = true;
			contexts = new ArrayList<>(running);
		}
		for (int i = contexts.size() - 1; i >= 0; i--) {
			try {
				contexts.get(i).close();
			}
			catch (RuntimeException ex) {
				log.warn("a context did not stop cleanly", ex);
			}
		}
		HttpResources.disposeLoopsAndConnections();
		store.close();
	}

}
