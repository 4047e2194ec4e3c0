package org.caduceus.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chart as real Helm lints and renders it (helm-java runs Helm's own Go library),
 * with the default values, the production values and invalid values, and what must hold
 * in the manifests.
 */
@SuppressWarnings("unchecked")
class ChartTests {

	static final Path CHART = Path.of("caduceus").toAbsolutePath();

	static final List<String> COMPONENTS = List.of("gateway", "intake", "escalation", "contacts", "partner-api",
			"console");

	@Test
	void lintsCleanInStrictMode() {
		LintResult lint = new Helm(CHART).lint().strict().call();
		assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
	}

	@Test
	void everyContainerRunsNonRootReadOnlyWithoutCapabilitiesWithLimitsAndProbes() {
		List<Map<String, Object>> deployments = kind(render(null, (t) -> {
		}), "Deployment");
		assertThat(deployments).extracting(ChartTests::component).containsExactlyInAnyOrderElementsOf(COMPONENTS);
		for (Map<String, Object> deployment : deployments) {
			Map<String, Object> pod = map(map(spec(deployment), "template"), "spec");
			assertThat(pod.get("automountServiceAccountToken")).isEqualTo(false);
			Map<String, Object> podSecurity = map(pod, "securityContext");
			assertThat(podSecurity.get("runAsNonRoot")).isEqualTo(true);
			assertThat((Integer) podSecurity.get("runAsUser")).isGreaterThan(0);
			assertThat(map(podSecurity, "seccompProfile").get("type")).isEqualTo("RuntimeDefault");
			for (Map<String, Object> container : list(pod, "containers")) {
				Map<String, Object> security = map(container, "securityContext");
				assertThat(security.get("readOnlyRootFilesystem")).isEqualTo(true);
				assertThat(security.get("allowPrivilegeEscalation")).isEqualTo(false);
				assertThat((List<Object>) map(security, "capabilities").get("drop")).containsExactly("ALL");
				Map<String, Object> limits = map(map(container, "resources"), "limits");
				assertThat(limits).containsKeys("cpu", "memory");
				assertThat(map(map(container, "readinessProbe"), "httpGet").get("path"))
					.isEqualTo("/actuator/health/readiness");
				assertThat(map(map(container, "livenessProbe"), "httpGet").get("path"))
					.isEqualTo("/actuator/health/liveness");
				assertThat(container).containsKey("startupProbe");
			}
		}
	}

	@Test
	void runsSeveralReplicasOfEachComponentByDefaultWithDisruptionBudgets() {
		List<Map<String, Object>> manifests = render(null, (t) -> {
		});
		for (Map<String, Object> deployment : kind(manifests, "Deployment")) {
			assertThat(spec(deployment).get("replicas")).as(name(deployment)).isEqualTo(2);
			assertThat(list(map(map(spec(deployment), "template"), "spec"), "topologySpreadConstraints")).hasSize(2);
		}
		assertThat(kind(manifests, "PodDisruptionBudget")).extracting(ChartTests::component)
			.containsExactlyInAnyOrderElementsOf(COMPONENTS);
		assertThat(kind(manifests, "HorizontalPodAutoscaler")).isEmpty();
	}

	@Test
	void keepsEverySecretOutOfConfigMapsAndEachKeyFileWhereItIsNeeded() {
		List<Map<String, Object>> manifests = render(null,
				(t) -> t.set("mongodb.existingSecret", "")
					.set("mongodb.uris.gateway", "mongodb://gw:pw@db:27017/federation?replicaSet=rs0")
					.set("mongodb.uris.intake", "mongodb://in:pw@db:27017/intake?replicaSet=rs0")
					.set("mongodb.uris.escalation", "mongodb://es:pw@db:27017/escalation?replicaSet=rs0")
					.set("mongodb.uris.contacts", "mongodb://co:pw@db:27017/contacts?replicaSet=rs0")
					.set("mongodb.uris.partnerApi", "mongodb://pa:pw@db:27017/partner-api?replicaSet=rs0")
					.set("mongodb.uris.console", "mongodb://cn:pw@db:27017/console?replicaSet=rs0"));
		for (Map<String, Object> configMap : kind(manifests, "ConfigMap")) {
			Map<String, Object> data = map(configMap, "data");
			assertThat(data.keySet()).noneMatch((key) -> key.contains("MONGODB_URI") || key.contains("PASSPHRASE")
					|| key.contains("OIDC_ISSUER") || key.contains("OIDC_AUDIENCE"));
			assertThat(data.values()).allSatisfy(
					(value) -> assertThat(String.valueOf(value)).doesNotContain("mongodb://", "PRIVATE KEY", "pw@"));
		}
		assertThat(kind(manifests, "Secret")).hasSize(1);
		assertThat(map(kind(manifests, "Secret").get(0), "stringData")).containsOnlyKeys("gateway-uri", "intake-uri",
				"escalation-uri", "contacts-uri", "partner-api-uri", "console-uri");
		assertThat(kind(manifests, "Deployment")).hasSize(6);
		for (Map<String, Object> deployment : kind(manifests, "Deployment")) {
			String component = component(deployment);
			List<String> keyFiles = list(
					map(list(map(map(spec(deployment), "template"), "spec"), "volumes").get(0), "secret"), "items")
				.stream()
				.map((item) -> (String) item.get("key"))
				.toList();
			if (component.equals("gateway")) {
				assertThat(keyFiles).contains("federation.key.pem", "gateway-identity.key.pem");
			}
			else {
				assertThat(keyFiles).as(component).doesNotContain("federation.key.pem", "gateway-identity.key.pem");
			}
			if (!component.equals("escalation")) {
				assertThat(keyFiles).as(component).doesNotContain("service-escalation.key.pem");
			}
			assertThat(keyFiles.contains("team-key.asc")).as(component).isEqualTo(component.equals("contacts"));
			assertThat(keyFiles.contains("service-contacts.key.pem")).as(component)
				.isEqualTo(component.equals("contacts"));
			assertThat(keyFiles.contains("service-partner-api.key.pem")).as(component)
				.isEqualTo(component.equals("partner-api"));
			// the console signs its users' API tokens and needs nothing else
			assertThat(keyFiles.contains("user-jwt.key.pem")).as(component).isEqualTo(component.equals("console"));
			if (component.equals("console")) {
				assertThat(keyFiles).containsExactlyInAnyOrder("user-jwt.key.pem", "user-jwt.pub.pem");
			}
		}
	}

	@Test
	void onlyTheGatewayTakesTrafficFromOutsideAndOnlyItReachesPeers() {
		List<Map<String, Object>> policies = kind(render(Path.of("caduceus/values-production.yaml"), (t) -> {
		}), "NetworkPolicy");
		assertThat(policies).extracting(ChartTests::name)
			.containsExactlyInAnyOrder("release-caduceus-default-deny", "release-caduceus-gateway",
					"release-caduceus-intake", "release-caduceus-escalation", "release-caduceus-contacts",
					"release-caduceus-partner-api", "release-caduceus-console");
		for (Map<String, Object> policy : policies) {
			String component = name(policy).substring("release-caduceus-".length());
			if (component.equals("default-deny")) {
				assertThat((List<Object>) spec(policy).get("policyTypes")).containsExactly("Ingress", "Egress");
				assertThat(spec(policy)).doesNotContainKeys("ingress", "egress");
				continue;
			}
			String text = new Yaml().dump(policy);
			if (component.equals("gateway")) {
				assertThat(text).contains("192.0.2.10/32", "ingress-nginx");
			}
			else {
				assertThat(text).doesNotContain("192.0.2.10/32");
				List<Map<String, Object>> from = list(list(spec(policy), "ingress").get(0), "from");
				assertThat(from).isNotEmpty()
					.allSatisfy((source) -> assertThat(source).containsOnlyKeys("podSelector"));
			}
		}
	}

	@Test
	void theGatewaySendsTaxiiToThePartnerApiWhichTakesTrafficFromTheGatewayOnlyAndOwnsItsDatabase() {
		List<Map<String, Object>> manifests = render(Path.of("caduceus/values-production.yaml"), (t) -> {
		});
		Map<String, Object> gateway = map(named(kind(manifests, "ConfigMap"), "release-caduceus-gateway"), "data");
		assertThat(gateway).containsEntry("CADUCEUS_PARTNER_API_URL", "http://release-caduceus-partner-api:8080")
			.containsEntry("CADUCEUS_PARTNER_API_SERVICE_PUBLIC_KEY", "/keys/service-partner-api.pub.pem")
			.containsEntry("CADUCEUS_TAXII_MAX_CONTENT_LENGTH", "16777216")
			.doesNotContainKey("CADUCEUS_TAXII_RATE_PER_SECOND");
		Map<String, Object> partnerApi = map(named(kind(manifests, "ConfigMap"), "release-caduceus-partner-api"),
				"data");
		assertThat(partnerApi).containsEntry("CADUCEUS_MONGODB_DATABASE", "partner-api")
			.containsEntry("CADUCEUS_GATEWAY_URL", "http://release-caduceus-gateway:8080")
			.containsEntry("CADUCEUS_TAXII_RATE_PER_SECOND", "20")
			.containsEntry("CADUCEUS_TAXII_RATE_BURST", "40")
			.containsEntry("CADUCEUS_TAXII_MAX_CONTENT_LENGTH", "16777216");
		Map<String, Object> policy = named(kind(manifests, "NetworkPolicy"), "release-caduceus-partner-api");
		String from = new Yaml().dump(list(list(spec(policy), "ingress").get(0), "from"));
		assertThat(from).contains("app.kubernetes.io/component: gateway").doesNotContain("escalation", "intake");
		String egress = new Yaml().dump(spec(policy).get("egress"));
		assertThat(egress).contains("app.kubernetes.io/component: gateway");
		String gatewayEgress = new Yaml()
			.dump(spec(named(kind(manifests, "NetworkPolicy"), "release-caduceus-gateway")).get("egress"));
		assertThat(gatewayEgress).contains("app.kubernetes.io/component: partner-api");
		assertThat(kind(manifests, "Service")).extracting(ChartTests::name).contains("release-caduceus-partner-api");
	}

	@Test
	void theProductionValuesRenderANodeOnAnExternalReplicaSetWithAnOidcIssuer() {
		List<Map<String, Object>> manifests = render(Path.of("caduceus/values-production.yaml"), (t) -> {
		});
		for (Map<String, Object> deployment : kind(manifests, "Deployment")) {
			Map<String, Object> container = list(map(map(spec(deployment), "template"), "spec"), "containers").get(0);
			assertThat((String) container.get("image")).startsWith("registry.z-cert.example/caduceus/caduceus-")
				.endsWith(":0.1.0");
			List<Map<String, Object>> env = list(container, "env");
			assertThat(env).anySatisfy((variable) -> {
				assertThat(variable.get("name")).isEqualTo("CADUCEUS_MONGODB_URI");
				assertThat(map(map(variable, "valueFrom"), "secretKeyRef").get("name")).isEqualTo("caduceus-mongodb");
			});
			if (name(deployment).endsWith("gateway")) {
				assertThat(env).extracting((variable) -> variable.get("name"))
					.contains("CADUCEUS_OIDC_ISSUER_URI", "CADUCEUS_OIDC_AUDIENCE");
			}
		}
		assertThat(kind(manifests, "HorizontalPodAutoscaler")).hasSize(6);
		assertThat(kind(manifests, "ConfigMap")).allSatisfy((configMap) -> assertThat(map(configMap, "data"))
			.doesNotContainKeys("CADUCEUS_USER_PUBLIC_KEY", "CADUCEUS_USER_KEY"));
		// with an OIDC issuer the console signs users in there: its client from the oidc
		// Secret, the issuer's tokens for the API, and no key of the node's in any pod
		assertThat(kind(manifests, "Deployment")).extracting(ChartTests::component)
			.containsExactlyInAnyOrder("gateway", "intake", "escalation", "contacts", "partner-api", "console");
		Map<String, Object> consolePod = map(
				map(spec(named(kind(manifests, "Deployment"), "release-caduceus-console")), "template"), "spec");
		Map<String, Object> consoleContainer = list(consolePod, "containers").get(0);
		assertThat(list(consoleContainer, "env")).extracting((variable) -> variable.get("name"))
			.contains("CADUCEUS_OIDC_ISSUER_URI", "CADUCEUS_OIDC_AUDIENCE", "CADUCEUS_CONSOLE_OIDC_CLIENT_ID",
					"CADUCEUS_CONSOLE_OIDC_CLIENT_SECRET");
		assertThat(list(consoleContainer, "env"))
			.filteredOn((variable) -> String.valueOf(variable.get("name")).startsWith("CADUCEUS_CONSOLE_OIDC_"))
			.allSatisfy((variable) -> assertThat(map(map(variable, "valueFrom"), "secretKeyRef").get("name"))
				.isEqualTo("caduceus-oidc"));
		// the issuer sends browsers back to the public URL over TLS; roles are read as
		// at the gateway
		assertThat(map(named(kind(manifests, "ConfigMap"), "release-caduceus-console"), "data"))
			.containsEntry("CADUCEUS_CONSOLE_OIDC_REDIRECT_URI",
					"https://caduceus.z-cert.example/sign-in/oidc/callback")
			.containsEntry("CADUCEUS_ROLES_CLAIM", "realm_access.roles");
		// no keys volume at all: a Secret volume without items would mount every key
		assertThat(list(consolePod, "volumes")).extracting((volume) -> volume.get("name")).containsExactly("tmp");
		assertThat(new Yaml().dump(manifests)).doesNotContain("user-jwt.key.pem");
		assertThat(String.valueOf(named(kind(manifests, "NetworkPolicy"), "release-caduceus-console")))
			.contains("10.30.0.5/32");
		List<Map<String, Object>> ingresses = kind(manifests, "Ingress");
		assertThat(ingresses).hasSize(1);
		String ingress = new Yaml().dump(ingresses.get(0));
		assertThat(ingress)
			.contains("release-caduceus-gateway", "/api", "/federation", "/taxii2", "caduceus-tls", "/sign-in")
			.doesNotContain("/internal", "/actuator", "release-caduceus-intake", "release-caduceus-console");
	}

	@Test
	void theConsoleTakesTrafficFromTheGatewayOnlyAndCallsTheApiThroughIt() {
		List<Map<String, Object>> manifests = render(null, (t) -> {
		});
		assertThat(kind(manifests, "Service")).extracting(ChartTests::component)
			.containsExactlyInAnyOrderElementsOf(COMPONENTS);
		List<Map<String, Object>> policies = kind(manifests, "NetworkPolicy");
		assertThat(policies).extracting(ChartTests::component)
			.containsExactlyInAnyOrder("default-deny", "gateway", "intake", "escalation", "contacts", "partner-api",
					"console");
		Map<String, Object> policy = named(policies, "release-caduceus-console");
		List<Map<String, Object>> ingress = list(spec(policy), "ingress");
		assertThat(ingress).hasSize(1);
		List<Map<String, Object>> from = list(ingress.get(0), "from");
		assertThat(from).hasSize(1);
		assertThat(map(map(from.get(0), "podSelector"), "matchLabels")).containsEntry("app.kubernetes.io/component",
				"gateway");
		// DNS, MongoDB and the gateway: nothing else (no service, no peer, no issuer)
		List<Map<String, Object>> egress = list(spec(policy), "egress");
		assertThat(egress).hasSize(3);
		assertThat(new Yaml().dump(egress.get(0))).contains("port: 53").doesNotContain("to:");
		assertThat(new Yaml().dump(egress.get(1))).contains("10.0.0.0/8", "port: 27017");
		List<Map<String, Object>> to = list(egress.get(2), "to");
		assertThat(to).hasSize(1);
		assertThat(map(map(to.get(0), "podSelector"), "matchLabels")).containsEntry("app.kubernetes.io/component",
				"gateway");
		String gatewayEgress = new Yaml().dump(spec(named(policies, "release-caduceus-gateway")).get("egress"));
		assertThat(gatewayEgress).contains("app.kubernetes.io/component: console");
		for (String other : List.of("intake", "escalation", "contacts", "partner-api")) {
			assertThat(new Yaml().dump(spec(named(policies, "release-caduceus-" + other)))).as(other)
				.doesNotContain("component: console");
		}

		Map<String, Object> gateway = map(named(kind(manifests, "ConfigMap"), "release-caduceus-gateway"), "data");
		assertThat(gateway).containsEntry("CADUCEUS_CONSOLE_URL", "http://release-caduceus-console:8080")
			.containsEntry("CADUCEUS_CONSOLE_RATE_PER_SECOND", "30")
			.containsEntry("CADUCEUS_CONSOLE_RATE_BURST", "120");
		Map<String, Object> console = map(named(kind(manifests, "ConfigMap"), "release-caduceus-console"), "data");
		assertThat(console).containsEntry("CADUCEUS_MONGODB_DATABASE", "console")
			.containsEntry("CADUCEUS_GATEWAY_URL", "http://release-caduceus-gateway:8080")
			.containsEntry("CADUCEUS_USER_KEY", "/keys/user-jwt.key.pem")
			.containsEntry("CADUCEUS_USER_PUBLIC_KEY", "/keys/user-jwt.pub.pem")
			.containsEntry("CADUCEUS_CONSOLE_SECURE_COOKIES", "true")
			.containsEntry("CADUCEUS_PORT", "8080")
			.containsEntry("CADUCEUS_BIND_ADDRESS", "0.0.0.0")
			.containsEntry("CADUCEUS_NODE_ID", "local")
			.doesNotContainKey("CADUCEUS_GATEWAY_PUBLIC_KEY");
		assertThat((String) console.get("JAVA_TOOL_OPTIONS")).contains("-Xmx128m");
		Map<String, Object> container = list(
				map(map(spec(named(kind(manifests, "Deployment"), "release-caduceus-console")), "template"), "spec"),
				"containers")
			.get(0);
		assertThat(list(container, "env")).singleElement().satisfies((variable) -> {
			assertThat(variable.get("name")).isEqualTo("CADUCEUS_MONGODB_URI");
			assertThat(map(map(variable, "valueFrom"), "secretKeyRef")).containsEntry("name", "caduceus-mongodb")
				.containsEntry("key", "console-uri");
		});
	}

	@Test
	void withTheConsoleTheIngressSendsItsPagesToTheGatewayAndStillNeverInternalOrActuator() throws IOException {
		Map<String, Object> ingress = kind(render(null, (t) -> t.set("ingress.enabled", "true")), "Ingress").get(0);
		List<Map<String, Object>> paths = list(map(list(spec(ingress), "rules").get(0), "http"), "paths");
		Map<String, Object> types = new LinkedHashMap<>();
		for (Map<String, Object> path : paths) {
			types.put((String) path.get("path"), path.get("pathType"));
			assertThat(map(map(path, "backend"), "service")).containsEntry("name", "release-caduceus-gateway");
		}
		assertThat(types).containsEntry("/", "Exact")
			.containsEntry("/sign-in", "Prefix")
			.containsEntry("/incidents", "Prefix")
			.containsEntry("/figures.csv", "Exact")
			.containsEntry("/webjars", "Prefix")
			.containsEntry("/api", "Prefix")
			.doesNotContainKeys("/internal", "/actuator");
		// every path the gateway routes to the console gets through the Ingress
		String gateway = Files.readString(Path.of("../gateway/src/main/resources/application.yml"));
		Matcher route = Pattern.compile("(?s)- id: console\\s.*?- Path=(\\S+)").matcher(gateway);
		assertThat(route.find()).isTrue();
		for (String routed : route.group(1).split(",")) {
			boolean below = routed.endsWith("/**");
			String path = below ? routed.substring(0, routed.length() - 3) : routed;
			assertThat(types.entrySet()).as(routed)
				.anyMatch((entry) -> entry.getValue().equals("Prefix")
						? path.equals(entry.getKey()) || path.startsWith(entry.getKey() + "/")
						: !below && path.equals(entry.getKey()));
		}
	}

	@Test
	void withAnOidcIssuerTheConsoleSignsInThereAndOnlyTheLocalAccountsConsoleHoldsTheUserKey() {
		List<Map<String, Object>> withOidc = render(null,
				(t) -> t.set("oidc.enabled", "true").set("oidc.existingSecret", "caduceus-oidc"));
		assertThat(kind(withOidc, "Deployment")).extracting(ChartTests::component).contains("console");
		assertThat(map(named(kind(withOidc, "ConfigMap"), "release-caduceus-console"), "data"))
			.doesNotContainKeys("CADUCEUS_USER_KEY", "CADUCEUS_USER_PUBLIC_KEY");
		String notes = notes(null, (t) -> t.set("oidc.enabled", "true").set("oidc.existingSecret", "caduceus-oidc"));
		assertThat(notes).contains("/sign-in/oidc/callback").doesNotContain("./caduceus user add");
		assertThat(kind(render(null,
				(t) -> t.set("oidc.enabled", "true")
					.set("oidc.existingSecret", "caduceus-oidc")
					.set("console.enabled", "false")),
				"Deployment"))
			.extracting(ChartTests::component)
			.containsExactlyInAnyOrder("gateway", "intake", "escalation", "contacts", "partner-api");
	}

	@Test
	void theNotesSayWhereTheConsoleIsAndHowAnAccountIsMadeInItsPod() {
		String notes = notes(null, (i) -> i.set("ingress.enabled", "true"));
		assertThat(notes).contains("https://caduceus.example/ ", "(the web console)", "./caduceus user add NAME ROLE",
				"kubectl exec deploy/release-caduceus-console -- java -cp /app/app.jar",
				"-Dloader.main=org.caduceus.console.account.AccountCli"
						+ " org.springframework.boot.loader.launch.PropertiesLauncher",
				"kubectl get secret caduceus-mongodb -o jsonpath='{.data.console-uri}'", "add NAME ROLE",
				"2 partner-api, 2 console;");
		String production = notes(Path.of("caduceus/values-production.yaml"), (i) -> {
		});
		// the production node's console signs users in at its OIDC issuer, with no
		// local accounts
		assertThat(production).contains("the web console", "/sign-in/oidc/callback")
			.doesNotContain("AccountCli", "console-uri");
	}

	@Test
	void theSchemaRefusesWrongTypesAndMissingValuesWithAClearMessage() {
		expectRefused((t) -> t.set("intake.replicas", "two"), "replicas");
		expectRefused((t) -> t.set("node.country", "Netherlands"), "country");
		expectRefused((t) -> t.set("node.id", "NL Z-CERT"), "id");
		expectRefused((t) -> t.set("keys.existingSecret", ""), "existingSecret");
		expectRefused((t) -> t.set("openpgp.existingSecret", ""), "openpgp");
		expectRefused((t) -> t.set("oidc.enabled", "true"), "existingSecret");
		expectRefused((t) -> t.set("mongodb.existingSecret", ""), "uris");
		expectRefused((t) -> t.set("mongodb.existingSecret", "").set("mongodb.uris.intake", "postgres://x"), "intake");
		expectRefused((t) -> t.set("networkPolicy.peerCIDRs[0]", "everyone"), "peerCIDRs");
		expectRefused((t) -> t.set("console.enabled", "yes"), "console");
		expectRefused((t) -> t.set("console.replicas", "0"), "console");
		expectRefused((t) -> t.set("mongodb.uris.console", "postgres://x"), "console");
		// every other URI given, the console's missing: the chart names it
		expectRefused(
				(t) -> t.set("mongodb.existingSecret", "")
					.set("mongodb.uris.gateway", "mongodb://gw:pw@db:27017/federation")
					.set("mongodb.uris.intake", "mongodb://in:pw@db:27017/intake")
					.set("mongodb.uris.escalation", "mongodb://es:pw@db:27017/escalation")
					.set("mongodb.uris.contacts", "mongodb://co:pw@db:27017/contacts")
					.set("mongodb.uris.partnerApi", "mongodb://pa:pw@db:27017/partner-api"),
				"mongodb.uris.console is required");
	}

	@Test
	void theImagesItNamesAreTheOnesTheBuildMakes() throws Exception {
		String pom = java.nio.file.Files.readString(Path.of("../pom.xml"));
		String repository = pom.replaceAll("(?s).*<caduceus.image.repository>([^<]+)</caduceus.image.repository>.*",
				"$1");
		String version = pom
			.replaceAll("(?s)^.*?<artifactId>caduceus-parent</artifactId>\\s*<version>([^<]+)</version>.*", "$1");
		for (Map<String, Object> deployment : kind(render(null, (t) -> {
		}), "Deployment")) {
			String component = component(deployment);
			Map<String, Object> container = list(map(map(spec(deployment), "template"), "spec"), "containers").get(0);
			assertThat(container.get("image")).isEqualTo(repository + "/caduceus-" + component + ":" + version);
		}
	}

	private static String component(Map<String, Object> resource) {
		return name(resource).substring("release-caduceus-".length());
	}

	private static Map<String, Object> named(List<Map<String, Object>> resources, String name) {
		return resources.stream().filter((resource) -> name(resource).equals(name)).findFirst().orElseThrow();
	}

	private static void expectRefused(Consumer<TemplateCommand> values, String field) {
		assertThatThrownBy(() -> render(null, values)).hasMessageContaining(field);
	}

	private static List<Map<String, Object>> render(Path valuesFile, Consumer<TemplateCommand> values) {
		TemplateCommand template = new Helm(CHART).template()
			.withName("release")
			.withNamespace("cert")
			.withKubeVersion("1.31.0");
		if (valuesFile != null) {
			template.withValuesFile(valuesFile.toAbsolutePath());
		}
		values.accept(template);
		String rendered = template.call();
		List<Map<String, Object>> manifests = new ArrayList<>();
		for (Object document : new Yaml().loadAll(rendered)) {
			if (document instanceof Map<?, ?> manifest) {
				manifests.add(cast(manifest));
			}
		}
		return manifests;
	}

	/** What {@code helm install} prints (NOTES.txt), from a client-only dry run. */
	private static String notes(Path valuesFile, Consumer<InstallCommand> values) {
		InstallCommand install = new Helm(CHART).install()
			.withName("release")
			.withNamespace("cert")
			.withKubeVersion("1.31.0")
			.clientOnly()
			.dryRun();
		if (valuesFile != null) {
			install.withValuesFile(valuesFile.toAbsolutePath());
		}
		values.accept(install);
		return install.call().getOutput();
	}

	private static List<Map<String, Object>> kind(List<Map<String, Object>> manifests, String kind) {
		return manifests.stream().filter((manifest) -> kind.equals(manifest.get("kind"))).toList();
	}

	private static String name(Map<String, Object> manifest) {
		return (String) map(manifest, "metadata").get("name");
	}

	private static Map<String, Object> spec(Map<String, Object> manifest) {
		return map(manifest, "spec");
	}

	private static Map<String, Object> map(Map<String, Object> parent, String key) {
		return cast((Map<?, ?>) parent.get(key));
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
		return (List<Map<String, Object>>) parent.get(key);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> cast(Map<?, ?> map) {
		return (Map<String, Object>) map;
	}

}
