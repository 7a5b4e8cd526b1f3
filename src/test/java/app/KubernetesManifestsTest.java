package app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import coordinator.LraCoordinatorServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.camel.main.MainConfigurationProperties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No cluster runs here, so deploy/kubernetes is checked by reading it, as {@link DockerComposeTest}
 * reads docker-compose.yml: the app's variables must be settings it reads, its ports, probes and
 * addresses must meet the app's own settings and the other objects, and no secret may be written down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesManifestsTest {

    private static final Path FOLDER = Path.of("deploy/kubernetes");
    private static final String KUSTOMIZATION = "kustomization.yaml";
    /** Kubernetes labels each pod of a StatefulSet with its own name, <set>-<ordinal>. */
    private static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}]+)}}");
    /** Variables that hold a secret (CALLBACKS_SECRET, AWS_SECRET_ACCESS_KEY, ...), not a file's path or UNTOKENED_UNTIL. */
    private static final Pattern SECRET_NAME = Pattern.compile("(?<![A-Z])(SECRET|PASSWORD|TOKEN|ACCESS_KEY)(?![A-Z])(?!.*_FILE$)");

    /** One pod the manifests make, with the workload it belongs to. */
    private record Pod(String workload, Map<String, String> labels, JsonNode spec) {
    }

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final Properties settings = AppSettings.properties();
    private List<JsonNode> objects;
    private List<Pod> pods;
    private JsonNode app;
    private JsonNode coordinator;

    @BeforeAll
    void read() throws IOException {
        objects = new ArrayList<>();
        for (Path manifest : manifests()) {
            try (MappingIterator<JsonNode> documents = yaml.readerFor(JsonNode.class).readValues(manifest.toFile())) {
                documents.forEachRemaining(document -> {
                    if (document != null && document.isObject() && !document.isEmpty()) {
                        objects.add(document);
                    }
                });
            }
        }
        app = only("Deployment");
        coordinator = only("StatefulSet");
        pods = new ArrayList<>();
        pods.add(new Pod(name(app), labels(app.at("/spec/template/metadata/labels")), app.at("/spec/template/spec")));
        for (int ordinal = 0; ordinal < coordinator.at("/spec/replicas").asInt(1); ordinal++) {
            Map<String, String> labels = new HashMap<>(labels(coordinator.at("/spec/template/metadata/labels")));
            labels.put(POD_NAME_LABEL, name(coordinator) + "-" + ordinal);
            pods.add(new Pod(name(coordinator), labels, coordinator.at("/spec/template/spec")));
        }
    }

    @Test
    void kustomizationAppliesEveryManifestAndNamesEveryImage() throws IOException {
        JsonNode kustomization = yaml.readTree(FOLDER.resolve(KUSTOMIZATION).toFile());
        assertThat(texts(kustomization.get("resources")))
                .containsExactlyInAnyOrderElementsOf(manifests().stream().map(file -> file.getFileName().toString()).toList());
        Set<String> images = pods.stream().flatMap(pod -> stream(pod.spec().get("containers")))
                .map(container -> container.get("image").asText()).collect(Collectors.toSet());
        assertThat(stream(kustomization.get("images")).map(image -> image.get("name").asText())).containsExactlyInAnyOrderElementsOf(images);
    }

    @Test
    void everyAppVariableIsAnAppSetting() {
        assertThat(environment(appContainer()).keySet()).isNotEmpty()
                .allSatisfy(name -> assertThat(AppSettings.environmentNames()).contains(name))
                // the camel.* keys read the plain ones; Camel maps CAMEL_* variables of its own badly
                .noneMatch(name -> name.startsWith("CAMEL_"));
    }

    @Test
    void everyCoordinatorVariableIsACoordinatorSetting() {
        assertThat(LraCoordinatorServer.SETTINGS.keySet()).containsAll(environment(coordinatorContainer()).keySet());
        assertThat(coordinatorServer().host()).isEqualTo("0.0.0.0");
    }

    @Test
    void containersListenOnTheAppsAndTheCoordinatorsPorts() {
        assertThat(appSetting("app.host")).isEqualTo("0.0.0.0");
        assertThat(containerPorts(appContainer()).values())
                .contains(Integer.parseInt(appSetting("app.port")), Integer.parseInt(appSetting("camel.server.port")));
        assertThat(containerPorts(coordinatorContainer()).values()).contains(coordinatorServer().port());
    }

    @Test
    void probesAskTheAppsHealthGroups() {
        // Camel serves the groups at <health path>/live and <health path>/ready on the management server.
        String health = settings.containsKey("camel.management.health-path") ? appSetting("camel.management.health-path")
                : new MainConfigurationProperties().httpManagementServer().getHealthPath();
        int managementPort = Integer.parseInt(appSetting("camel.management.port"));
        JsonNode container = appContainer();

        assertThat(probe(container, "livenessProbe")).isEqualTo(health + "/live");
        assertThat(probe(container, "readinessProbe")).isEqualTo(health + "/ready");
        if (container.has("startupProbe")) {
            assertThat(probe(container, "startupProbe")).isEqualTo(health + "/live");
        }
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            if (container.has(probe)) {
                assertThat(port(container, container.at("/" + probe + "/httpGet/port"))).as(probe + " port").isEqualTo(managementPort);
            }
        }
    }

    @Test
    void theAppReachesOneCoordinatorShardByServiceAndPort() {
        URI url = URI.create(appSetting("coordinator.url"));
        JsonNode service = service(url.getHost());
        List<Pod> shard = selected(service);

        assertThat(shard).as("one stable name per shard: the coordinator's Service selects one pod").hasSize(1)
                .allSatisfy(pod -> assertThat(pod.workload()).isEqualTo(name(coordinator)));
        assertThat(port(coordinatorContainer(), servicePort(service, url.getPort()).get("targetPort"))).isEqualTo(coordinatorServer().port());
    }

    @Test
    void theCoordinatorCallsTheAppBackThroughItsService() {
        URI url = URI.create(appSetting("app.public-url"));
        JsonNode service = service(url.getHost());

        assertThat(selected(service)).isNotEmpty().allSatisfy(pod -> assertThat(pod.workload()).isEqualTo(name(app)));
        assertThat(port(appContainer(), servicePort(service, url.getPort()).get("targetPort"))).isEqualTo(Integer.parseInt(appSetting("app.port")));
    }

    @Test
    void everyServiceSelectsPodsThatHaveItsPorts() {
        assertThat(all("Service")).isNotEmpty().allSatisfy(service -> {
            assertThat(selected(service)).as("pods of Service " + name(service)).isNotEmpty().allSatisfy(pod ->
                    stream(service.at("/spec/ports")).forEach(port ->
                            assertThat(port(pod.spec().get("containers").get(0), port.get("targetPort"))).isPositive()));
        });
    }

    @Test
    void theAppIsStatelessAndKeepsReplicasThroughDisruptions() {
        int replicas = app.at("/spec/replicas").asInt();
        assertThat(replicas).isGreaterThanOrEqualTo(2);
        assertThat(stream(app.at("/spec/template/spec/volumes"))).noneMatch(volume -> volume.has("persistentVolumeClaim"));
        assertThat(all("PodDisruptionBudget")).anySatisfy(budget -> {
            assertThat(pods.stream().filter(pod -> matches(budget.at("/spec/selector"), pod.labels())).map(Pod::workload))
                    .containsOnly(name(app));
            String allowed = budget.at("/spec").has("minAvailable") ? "/spec/minAvailable" : "/spec/maxUnavailable";
            assertThat(budget.at(allowed).asInt(0)).as(allowed).isBetween(1, replicas - 1);
        });
    }

    @Test
    void eachCoordinatorKeepsItsLogOnAVolumeOfItsOwn() {
        Set<String> perPod = stream(coordinator.at("/spec/volumeClaimTemplates")).map(KubernetesManifestsTest::name).collect(Collectors.toSet());
        Path log = Path.of(environment(coordinatorContainer()).getOrDefault("LRA_DATA_DIR", LraCoordinatorServer.SETTINGS.get("LRA_DATA_DIR")));
        assertThat(stream(coordinatorContainer().get("volumeMounts")))
                .anyMatch(mount -> perPod.contains(mount.get("name").asText()) && log.startsWith(mount.get("mountPath").asText()));

        JsonNode governing = service(coordinator.at("/spec/serviceName").asText());
        assertThat(governing.at("/spec/clusterIP").asText()).isEqualTo("None");
        assertThat(selected(governing)).isNotEmpty().allSatisfy(pod -> assertThat(pod.workload()).isEqualTo(name(coordinator)));
    }

    @Test
    void noSecretIsWrittenHere() {
        assertThat(all("Secret")).allSatisfy(secret -> assertThat(secret.has("data") || secret.has("stringData")).isFalse());
        for (Pod pod : pods) {
            stream(pod.spec().get("containers")).flatMap(container -> stream(container.get("env")))
                    .filter(variable -> SECRET_NAME.matcher(variable.get("name").asText()).find())
                    .forEach(variable -> assertThat(variable.has("value")).as(variable.get("name") + " written in " + pod.workload()).isFalse());
        }
        JsonNode callbacksSecret = stream(appContainer().get("env")).filter(variable -> variable.get("name").asText().equals("CALLBACKS_SECRET"))
                .findFirst().orElseThrow();
        assertThat(callbacksSecret.at("/valueFrom/secretKeyRef/name").isTextual()).isTrue();

        // the users file is read from a Secret's volume, read-only
        Path users = Path.of(appSetting("users.file"));
        Set<String> secretVolumes = stream(app.at("/spec/template/spec/volumes")).filter(volume -> volume.has("secret"))
                .map(volume -> volume.get("name").asText()).collect(Collectors.toSet());
        assertThat(stream(appContainer().get("volumeMounts"))).anyMatch(mount -> secretVolumes.contains(mount.get("name").asText())
                && users.startsWith(mount.get("mountPath").asText()) && mount.path("readOnly").asBoolean());
        assertThat(appSetting("api.authentication-enabled")).isEqualTo("true");
    }

    @Test
    void usersReachTheApiAndTheSagaViewButNotTheCallbacksOrHealth() {
        List<JsonNode> paths = all("Ingress").stream().flatMap(ingress -> stream(ingress.at("/spec/rules")))
                .flatMap(rule -> stream(rule.at("/http/paths"))).toList();
        assertThat(paths).isNotEmpty().allSatisfy(path -> {
            JsonNode backend = path.at("/backend/service");
            JsonNode port = backend.get("port");
            servicePort(service(backend.get("name").asText()), port.has("number") ? port.get("number").asInt() : port.get("name").asText());
        });
        assertThat(paths).anyMatch(path -> routes(path, "/api/orders"));
        for (String internal : List.of("/lra-participant/compensate", "/observe/metrics", "/observe/health")) {
            assertThat(paths).as(internal).noneMatch(path -> routes(path, internal));
        }
    }

    @Test
    void onlyTheAppReachesTheCoordinator() {
        List<Pod> coordinators = pods.stream().filter(pod -> pod.workload().equals(name(coordinator))).toList();
        assertThat(all("NetworkPolicy")).anySatisfy(policy -> {
            assertThat(coordinators).allMatch(pod -> matches(policy.at("/spec/podSelector"), pod.labels()));
            assertThat(texts(policy.at("/spec/policyTypes"))).contains("Ingress");
            assertThat(stream(policy.at("/spec/ingress")).flatMap(rule -> stream(rule.get("from")))).isNotEmpty().allSatisfy(from -> {
                assertThat(from.has("ipBlock") || from.has("namespaceSelector")).isFalse();
                assertThat(pods.stream().filter(pod -> matches(from.get("podSelector"), pod.labels())).map(Pod::workload)).containsOnly(name(app));
            });
            assertThat(stream(policy.at("/spec/ingress")).flatMap(rule -> stream(rule.get("ports"))))
                    .allMatch(port -> port(coordinatorContainer(), port.get("port")) == coordinatorServer().port());
        });
    }

    // --- reading the manifests ------------------------------------------------------------------

    private static List<Path> manifests() throws IOException {
        try (Stream<Path> files = Files.list(FOLDER)) {
            return files.filter(file -> file.toString().endsWith(".yaml") && !file.getFileName().toString().equals(KUSTOMIZATION))
                    .sorted().toList();
        }
    }

    private List<JsonNode> all(String kind) {
        return objects.stream().filter(object -> object.path("kind").asText().equals(kind)).toList();
    }

    private JsonNode only(String kind) {
        assertThat(all(kind)).as(kind + "s").hasSize(1);
        return all(kind).get(0);
    }

    private JsonNode service(String host) {
        String name = host.contains(".") ? host.substring(0, host.indexOf('.')) : host; // name, or name.namespace.svc...
        return all("Service").stream().filter(service -> name(service).equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no Service " + name));
    }

    private static JsonNode servicePort(JsonNode service, Object portOrName) {
        return stream(service.at("/spec/ports"))
                .filter(port -> portOrName instanceof Integer number ? port.get("port").asInt() == number : port.path("name").asText().equals(portOrName))
                .findFirst().orElseThrow(() -> new AssertionError("Service " + name(service) + " has no port " + portOrName));
    }

    private List<Pod> selected(JsonNode service) {
        JsonNode selector = service.at("/spec/selector");
        assertThat(selector.isEmpty()).as("Service " + name(service) + " selects nothing").isFalse();
        return pods.stream().filter(pod -> labels(selector).entrySet().stream()
                .allMatch(label -> label.getValue().equals(pod.labels().get(label.getKey())))).toList();
    }

    /** A label selector of matchLabels only (the manifests use no expressions). */
    private static boolean matches(JsonNode selector, Map<String, String> labels) {
        assertThat(selector.has("matchExpressions")).isFalse();
        return labels(selector.get("matchLabels")).entrySet().stream().allMatch(label -> label.getValue().equals(labels.get(label.getKey())));
    }

    private static boolean routes(JsonNode ingressPath, String path) {
        String routed = ingressPath.get("path").asText();
        if (ingressPath.get("pathType").asText().equals("Exact")) {
            return routed.equals(path);
        }
        String prefix = routed.replaceAll("/+$", ""); // Prefix matches whole path segments; ImplementationSpecific taken as Prefix
        return prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + "/");
    }

    private JsonNode appContainer() {
        return app.at("/spec/template/spec/containers").get(0);
    }

    private JsonNode coordinatorContainer() {
        return coordinator.at("/spec/template/spec/containers").get(0);
    }

    private LraCoordinatorServer coordinatorServer() {
        return LraCoordinatorServer.fromEnvironment(environment(coordinatorContainer()));
    }

    /** A container's variables; one taken from a Secret or elsewhere counts with an empty value. */
    private static Map<String, String> environment(JsonNode container) {
        Map<String, String> env = new HashMap<>();
        stream(container.get("env")).forEach(variable -> env.put(variable.get("name").asText(), variable.path("value").asText("")));
        return env;
    }

    /** A setting as the app sees it in the Deployment: its variable, else application.properties, placeholders resolved. */
    private String appSetting(String key) {
        return appSetting(key, new HashSet<>());
    }

    private String appSetting(String key, Set<String> seen) {
        assertThat(seen.add(key)).as("placeholder loop at " + key).isTrue();
        Map<String, String> env = environment(appContainer());
        String value = env.getOrDefault(AppSettings.environmentName(key), settings.getProperty(key));
        assertThat(value).as("setting " + key).isNotNull();
        Matcher placeholder = PLACEHOLDER.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (placeholder.find()) {
            placeholder.appendReplacement(resolved, Matcher.quoteReplacement(appSetting(placeholder.group(1).trim(), new HashSet<>(seen))));
        }
        return placeholder.appendTail(resolved).toString();
    }

    private static String probe(JsonNode container, String probe) {
        return container.at("/" + probe + "/httpGet/path").asText();
    }

    private static Map<String, Integer> containerPorts(JsonNode container) {
        Map<String, Integer> ports = new HashMap<>();
        stream(container.get("ports")).forEach(port -> ports.put(port.path("name").asText(String.valueOf(port.get("containerPort").asInt())),
                port.get("containerPort").asInt()));
        return ports;
    }

    /** A port given by number, or by the name of one of the container's ports. */
    private static int port(JsonNode container, JsonNode numberOrName) {
        if (numberOrName.isInt()) {
            return numberOrName.asInt();
        }
        Integer port = containerPorts(container).get(numberOrName.asText());
        assertThat(port).as("container " + container.get("name") + " has no port " + numberOrName).isNotNull();
        return port;
    }

    private static String name(JsonNode object) {
        return object.at("/metadata/name").asText();
    }

    private static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new HashMap<>();
        if (node != null) {
            node.fields().forEachRemaining(entry -> labels.put(entry.getKey(), entry.getValue().asText()));
        }
        return labels;
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return array == null || array.isMissingNode() ? Stream.empty() : StreamSupport.stream(array.spliterator(), false);
    }

    private static List<String> texts(JsonNode array) {
        return stream(array).map(JsonNode::asText).toList();
    }
}
