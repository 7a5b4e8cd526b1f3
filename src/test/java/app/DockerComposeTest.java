package app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import coordinator.LraCoordinatorServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs here, so docker-compose.yml is checked by reading it: its variables must be
 * settings the app and the coordinator really read, and its addresses must meet the services.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerComposeTest {

    private JsonNode services;
    private Set<String> appVariables;

    @BeforeAll
    void read() throws IOException {
        services = new ObjectMapper(new YAMLFactory()).readTree(Path.of("docker-compose.yml").toFile()).get("services");
        appVariables = AppSettings.environmentNames();
    }

    @Test
    void everyAppVariableIsAnAppSetting() {
        assertThat(environment("order-saga").keySet()).isNotEmpty().allSatisfy(name -> assertThat(appVariables).contains(name));
    }

    @Test
    void everyCoordinatorVariableIsACoordinatorSetting() {
        assertThat(LraCoordinatorServer.SETTINGS.keySet()).containsAll(environment("lra-coordinator").keySet());
        LraCoordinatorServer coordinator = LraCoordinatorServer.fromEnvironment(environment("lra-coordinator"));
        assertThat(coordinator.host()).isEqualTo("0.0.0.0");
    }

    @Test
    void theAppReachesTheCoordinatorByServiceNameAndPort() {
        URI coordinator = URI.create(environment("order-saga").get("COORDINATOR_URL"));
        assertThat(services.has(coordinator.getHost())).isTrue();
        assertThat(coordinator.getPort()).isEqualTo(LraCoordinatorServer.fromEnvironment(environment(coordinator.getHost())).port());
        assertThat(containerPorts(coordinator.getHost())).contains(coordinator.getPort());
    }

    @Test
    void theAppReachesDynamoDbByServiceNameAndPort() {
        URI dynamoDb = URI.create(environment("order-saga").get("AWS_DYNAMODB_ENDPOINT"));
        assertThat(services.has(dynamoDb.getHost())).isTrue();
        assertThat(containerPorts(dynamoDb.getHost())).contains(dynamoDb.getPort());
    }

    @Test
    void theAppReachesTheQueueByServiceNameAndPort() {
        URI sqs = URI.create(environment("order-saga").get("AWS_SQS_ENDPOINT"));
        assertThat(services.has(sqs.getHost())).isTrue();
        assertThat(containerPorts(sqs.getHost())).contains(sqs.getPort());
    }

    @Test
    void theCoordinatorCallsTheAppBackOnItsServiceNameAndPort() {
        Map<String, String> app = environment("order-saga");
        URI callback = URI.create(app.get("APP_PUBLIC_URL"));
        assertThat(callback.getHost()).isEqualTo("order-saga");
        assertThat(callback.getPort()).isEqualTo(Integer.parseInt(app.get("APP_PORT")));
        assertThat(containerPorts("order-saga")).contains(callback.getPort());
        assertThat(app).containsEntry("APP_HOST", "0.0.0.0");
    }

    private Map<String, String> environment(String service) {
        Map<String, String> env = new HashMap<>();
        JsonNode node = services.get(service).get("environment");
        if (node != null) {
            node.fields().forEachRemaining(entry -> env.put(entry.getKey(), entry.getValue().asText()));
        }
        return env;
    }

    @Test
    void onlyTheAppFacesUsersAndItAsksForALogin() {
        services.fieldNames().forEachRemaining(service -> {
            if (!service.equals("order-saga")) {
                assertThat(services.get(service).has("ports")).as(service + " must not be published").isFalse();
            }
        });
        assertThat(environment("order-saga")).containsEntry("API_AUTHENTICATION_ENABLED", "true").containsKey("USERS_FILE")
                .hasEntrySatisfying("CALLBACKS_SECRET", secret -> assertThat(secret).startsWith("${CALLBACKS_SECRET:?"));
        assertThat(services.get("order-saga").get("volumes").toString()).contains(":" + environment("order-saga").get("USERS_FILE") + ":ro");
    }

    /** The ports a service listens on inside the network: published or only exposed. */
    private Set<Integer> containerPorts(String service) {
        JsonNode node = services.get(service);
        return StreamSupport.stream(node.has("ports") ? node.get("ports").spliterator() : node.get("expose").spliterator(), false)
                .map(port -> port.asText().substring(port.asText().lastIndexOf(':') + 1))
                .map(Integer::parseInt)
                .collect(Collectors.toSet());
    }
}
