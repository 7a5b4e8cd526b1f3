package app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import coordinator.LraCoordinatorServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs here, so docker-compose.yml is checked by reading it (anchors and merge keys
 * resolved, as Compose does): its variables must be settings the apps and the coordinators really
 * read, its addresses must meet the services, and only the balancer faces users.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerComposeTest {

    private static final String BALANCER = "balancer";

    private JsonNode services;
    private Set<String> appVariables;
    private List<String> apps;
    private List<String> coordinators;

    @BeforeAll
    void read() throws IOException {
        Object compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
        services = new ObjectMapper().valueToTree(compose).get("services");
        appVariables = AppSettings.environmentNames();
        apps = names(name -> name.startsWith("order-saga-"));
        coordinators = names(name -> name.startsWith("lra-coordinator-"));
    }

    @Test
    void severalReplicasOfEachAppAndTwoCoordinators() {
        assertThat(apps).hasSize(2);
        assertThat(coordinators).hasSize(2);
        apps.forEach(app -> assertThat(services.get(app).get("deploy").get("replicas").asText()).isEqualTo("${REPLICAS:-2}"));
    }

    @Test
    void everyAppVariableIsAnAppSetting() {
        apps.forEach(app -> assertThat(environment(app).keySet()).isNotEmpty().allSatisfy(name -> assertThat(appVariables).contains(name)));
    }

    @Test
    void everyCoordinatorVariableIsACoordinatorSetting() {
        coordinators.forEach(name -> {
            assertThat(LraCoordinatorServer.SETTINGS.keySet()).containsAll(environment(name).keySet());
            assertThat(environment(name)).containsEntry("LRA_HOST", "0.0.0.0");
        });
    }

    @Test
    void eachAppStartsSagasOnItsOwnCoordinatorAndServesBoth() {
        Set<String> starts = apps.stream().map(app -> environment(app).get("COORDINATOR_URL")).collect(Collectors.toSet());
        assertThat(starts).hasSize(2);
        for (String app : apps) {
            List<String> served = Arrays.stream(environment(app).get("COORDINATOR_URLS").split(",")).map(String::trim).toList();
            assertThat(served).contains(environment(app).get("COORDINATOR_URL"));
            served.forEach(this::isACoordinatorsAddress);
        }
    }

    @Test
    void theSecondCoordinatorLogsToPostgres() {
        Map<String, String> coordinator = environment("lra-coordinator-2");
        assertThat(coordinator).containsEntry("LRA_STORE", "jdbc");
        URI database = URI.create(coordinator.get("LRA_JDBC_URL").substring("jdbc:".length()));
        assertThat(services.has(database.getHost())).isTrue();
        assertThat(containerPorts(database.getHost())).contains(database.getPort());
        assertThat(coordinator.get("LRA_JDBC_PASSWORD")).startsWith("${LRA_DB_PASSWORD:?");
    }

    @Test
    void theAppsReachDynamoDbAndTheQueueByServiceNameAndPort() {
        for (String app : apps) {
            for (String variable : List.of("AWS_DYNAMODB_ENDPOINT", "AWS_SQS_ENDPOINT")) {
                URI endpoint = URI.create(environment(app).get(variable));
                assertThat(services.has(endpoint.getHost())).as(app + " " + variable).isTrue();
                assertThat(containerPorts(endpoint.getHost())).contains(endpoint.getPort());
            }
        }
    }

    @Test
    void theCoordinatorsCallBackThroughTheBalancerWhichReachesEveryApp() throws IOException {
        String nginx = Files.readString(Path.of("docker/nginx.conf"));
        for (String app : apps) {
            Map<String, String> settings = environment(app);
            URI callback = URI.create(settings.get("APP_PUBLIC_URL"));
            assertThat(callback.getHost()).isEqualTo(BALANCER);
            // the callbacks' listener is not the users' one: reachable in this network only (DockerBalancerIT runs it)
            assertThat(publishedPorts(BALANCER)).isNotEmpty().doesNotContain(callback.getPort());
            assertThat(containerPorts(BALANCER)).contains(callback.getPort());
            assertThat(nginx).contains("listen " + callback.getPort() + ";").contains("server " + app + ":" + settings.get("APP_PORT") + ";")
                    .contains("proxy_set_header Host $http_host;");
            assertThat(containerPorts(app)).contains(Integer.parseInt(settings.get("APP_PORT")));
            assertThat(settings).containsEntry("APP_HOST", "0.0.0.0");
            assertThat(nginx).contains("proxy_set_header " + settings.get("API_CLIENT_ADDRESS_HEADER") + " $remote_addr;");
        }
    }

    @Test
    void onlyTheBalancerFacesUsersAndTheAppsAskForALogin() {
        services.fieldNames().forEachRemaining(service -> {
            if (!service.equals(BALANCER)) {
                assertThat(services.get(service).has("ports")).as(service + " must not be published").isFalse();
            }
        });
        for (String app : apps) {
            assertThat(environment(app)).containsEntry("API_AUTHENTICATION_ENABLED", "true").containsKey("USERS_FILE")
                    .hasEntrySatisfying("CALLBACKS_SECRET", secret -> assertThat(secret).startsWith("${CALLBACKS_SECRET:?"));
            assertThat(services.get(app).get("volumes").toString()).contains(":" + environment(app).get("USERS_FILE") + ":ro");
        }
    }

    private void isACoordinatorsAddress(String url) {
        URI coordinator = URI.create(url);
        assertThat(coordinators).contains(coordinator.getHost());
        assertThat(coordinator.getPort()).isEqualTo(Integer.parseInt(environment(coordinator.getHost()).get("LRA_PORT")));
        assertThat(containerPorts(coordinator.getHost())).contains(coordinator.getPort());
    }

    private List<String> names(Predicate<String> wanted) {
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(name -> {
            if (wanted.test(name)) {
                names.add(name);
            }
        });
        return names;
    }

    private Map<String, String> environment(String service) {
        Map<String, String> env = new HashMap<>();
        JsonNode node = services.get(service).get("environment");
        if (node != null) {
            node.fields().forEachRemaining(entry -> env.put(entry.getKey(), entry.getValue().asText()));
        }
        return env;
    }

    /** The ports a service listens on inside the network: published or only exposed. */
    private Set<Integer> containerPorts(String service) {
        Set<Integer> ports = ports(service, "expose");
        ports.addAll(publishedPorts(service));
        return ports;
    }

    /** The ports of a service that are published beyond the network (as their container ports). */
    private Set<Integer> publishedPorts(String service) {
        return ports(service, "ports");
    }

    private Set<Integer> ports(String service, String key) {
        JsonNode node = services.get(service).get(key);
        return node == null ? new HashSet<>() : StreamSupport.stream(node.spliterator(), false)
                .map(port -> port.asText().substring(port.asText().lastIndexOf(':') + 1))
                .map(Integer::parseInt)
                .collect(Collectors.toCollection(HashSet::new));
    }
}
