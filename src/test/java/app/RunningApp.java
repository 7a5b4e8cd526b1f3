package app;

import com.fasterxml.jackson.databind.JsonNode;
import domain.CallbackTokens;
import domain.Order;
import domain.OrderReader;
import domain.Participant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import local.LocalStack;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListener;
import org.apache.camel.main.MainListenerSupport;
import store.InventoryRepository;
import store.OrderRepository;
import store.PaymentRepository;

import static org.awaitility.Awaitility.await;

/**
 * The real application for a test: its Camel routes, the Narayana coordinator and DynamoDB Local,
 * on free ports, with its folders under a temporary directory.
 */
public final class RunningApp implements AutoCloseable {

    /** The ports {@link #freePort} chooses from: below Linux's range for outgoing connections (32768 to 60999). */
    private static final int FIRST_PORT = 20_000;
    private static final int PORTS = 12_000;
    private static final Random RANDOM = new Random();
    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    private final Main main;
    private final Thread runner;
    private final Path home;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private volatile Exception startFailure;
    private final SagaStarts sagaStarts = new SagaStarts();

    private RunningApp(Path home, Map<String, String> overrides, List<MainListener> listeners) throws IOException {
        this.home = home;
        port = freePort();
        Map<String, String> properties = localSettings(home, port);
        properties.putAll(overrides);

        LocalStack localStack = new LocalStack();
        main = OrderSagaApplication.create();
        localStack.attachTo(main);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport configured) {
                configured.getCamelContext().getManagementStrategy().addEventNotifier(sagaStarts);
            }
        });
        listeners.forEach(main::addMainListener);
        properties.forEach(main::addOverrideProperty);
        runner = new Thread(() -> {
            try {
                main.run();
            } catch (Exception e) {
                startFailure = e;
            } finally {
                localStack.close();
            }
        }, "order-saga-app");
        runner.start();
        // started: Camel is up and its server answers (health itself may be DOWN when a test removes a dependency)
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> !runner.isAlive()
                || (main.getCamelContext() != null && main.getCamelContext().isStarted() && get("/observe/health").statusCode() > 0));
        if (!runner.isAlive()) {
            throw new IllegalStateException("The application did not start; see the log above", startFailure);
        }
    }

    /**
     * The settings a test run of the app on {@code port} needs: every server on a free port, every
     * folder under {@code home}, fast retries.
     */
    public static Map<String, String> localSettings(Path home, int port) throws IOException {
        Map<String, String> properties = new HashMap<>();
        properties.put("app.port", Integer.toString(port));
        properties.put("app.public-url", "http://127.0.0.1:" + port);
        int coordinatorPort = freePort();
        properties.put("local.coordinator.port", Integer.toString(coordinatorPort));
        properties.put("coordinator.url", "http://127.0.0.1:" + coordinatorPort);
        properties.put("local.coordinator.data-dir", home.resolve("data/lra-coordinator").toString());
        properties.put("callbacks.secret-file", home.resolve("data/callback-secret").toString());
        properties.put("local.coordinator.recovery-period-seconds", "5");
        properties.put("local.coordinator.recovery-backoff-seconds", "1");
        int dynamoDbPort = freePort();
        properties.put("local.dynamodb.port", Integer.toString(dynamoDbPort));
        properties.put("aws.dynamodb.endpoint", "http://127.0.0.1:" + dynamoDbPort);
        properties.put("local.dynamodb.in-memory", "true");
        properties.put("local.dynamodb.data-dir", home.resolve("data/dynamodb").toString());
        int sqsPort = freePort();
        properties.put("local.sqs.port", Integer.toString(sqsPort));
        properties.put("aws.sqs.endpoint", "http://127.0.0.1:" + sqsPort);
        properties.put("local.sqs.data-dir", home.resolve("data/sqs").toString());
        properties.put("console.port", Integer.toString(freePort()));
        properties.put("orders.inbox", home.resolve("orders/inbox").toString());
        properties.put("orders.processed", home.resolve("orders/processed").toString());
        properties.put("orders.rejected", home.resolve("orders/rejected").toString());
        properties.put("saga.compensation.max-retries", "2");
        properties.put("saga.compensation.retry-delay-ms", "20");
        properties.put("saga.action.retry-delay-ms", "20");
        return properties;
    }

    public static RunningApp start() throws IOException {
        return start(Map.of());
    }

    public static RunningApp start(Map<String, String> overrides) throws IOException {
        return start(Files.createTempDirectory("order-saga-test"), overrides, List.of());
    }

    /** Starts the app under {@code home} with extra listeners on its Camel Main (a benchmark swaps the saga service so). */
    public static RunningApp start(Path home, Map<String, String> overrides, List<MainListener> listeners) throws IOException {
        return new RunningApp(home, overrides, listeners);
    }

    /** Starts the app on the data and folders under {@code home}, as a restart on the same machine would. */
    public static RunningApp startIn(Path home, Map<String, String> overrides) throws IOException {
        return new RunningApp(home, overrides, List.of());
    }

    /** How many sagas the app started for each order id (every way in ends at the saga route). */
    public Map<String, Integer> sagasStarted() {
        return sagaStarts.byOrder();
    }

    public Path home() {
        return home;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public <T> T bean(Class<T> type) {
        return context().getRegistry().findSingleByType(type);
    }

    public Path inbox() {
        return home.resolve("orders/inbox");
    }

    public Path processed() {
        return home.resolve("orders/processed");
    }

    public Path rejected() {
        return home.resolve("orders/rejected");
    }

    /** Drops a file into the inbox the way a user would: written aside, then moved in whole. */
    public void dropInInbox(String fileName, String content) {
        try {
            Files.createDirectories(inbox());
            Path draft = Files.writeString(home.resolve(fileName + ".part"), content, StandardCharsets.UTF_8);
            Files.move(draft, inbox().resolve(fileName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the status API shows the order in {@code status}, and returns that answer. */
    public JsonNode awaitStatus(String orderId, String status) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> status.equals(OrderJson.parse(get("/api/orders/" + orderId)).get("status").asText()));
        return OrderJson.parse(get("/api/orders/" + orderId));
    }

    /** The order's payments, as "Debit 52.98" and "Credit -52.98". */
    public List<String> ledger(String orderId) {
        return bean(PaymentRepository.class).ledger(orderId).stream()
                .map(entry -> entry.paymentType() + " " + entry.amount().toPlainString()).toList();
    }

    public int stock(String itemId) {
        return bean(InventoryRepository.class).stock(itemId).orElseThrow();
    }

    /** The app's base URL, or Hawtio's when {@code console} is true. */
    public String url(boolean console) {
        String port = context().getPropertiesComponent().resolveProperty(console ? "console.port" : "app.port").orElseThrow();
        return "http://127.0.0.1:" + port;
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build());
    }

    public HttpResponse<String> post(String path, String body) {
        return post(path, body, Map.of());
    }

    /** A JSON POST with these headers too. */
    public HttpResponse<String> post(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    /** Calls the app's LRA participant endpoint as an outsider can: with no token. */
    public HttpResponse<String> participantCallback(String action, String endpointUri, String orderId, String lraId) {
        URI uri = URI.create("http://127.0.0.1:" + port + "/lra-participant/" + action
                + "?Camel-Saga-" + ("compensate".equals(action) ? "Compensate" : "Complete") + "=" + endpointUri
                + "&orderId=" + orderId);
        return send(HttpRequest.newBuilder(uri).header("Long-Running-Action", lraId)
                .PUT(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** Calls back {@code participant} of the saga with the URL its join stored, as the coordinator does. */
    public HttpResponse<String> signedCallback(String action, Participant participant, String orderId, String lraId) {
        return callback(action, participant, orderId, lraId, tokens().sign(lraId, orderId, participant));
    }

    /** Calls back with any token (null: none), for attacks. */
    public HttpResponse<String> callback(String action, Participant participant, String orderId, String lraId, String token) {
        URI uri = URI.create(SignedCallbacks.url(url(false), action, participant, orderId, token));
        return send(HttpRequest.newBuilder(uri).header("Long-Running-Action", lraId).PUT(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** Reports the end of the saga as the coordinator's AfterLRA call does, with any token (null: none). */
    public HttpResponse<String> endedCallback(String orderId, String lraId, String token, String status) {
        URI uri = URI.create(url(false) + "/lra-participant/ended?" + (token == null ? "" : CallbackTokens.OPTION + "=" + token + "&")
                + "orderId=" + orderId);
        return send(HttpRequest.newBuilder(uri).header("Long-Running-Action-Ended", lraId).header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString(status)).build());
    }

    public CallbackTokens tokens() {
        return bean(CallbackTokens.class);
    }

    /** Starts an LRA on the real coordinator, with no time limit, and returns its id. */
    public String startLra() {
        return startLra(coordinatorUrl());
    }

    /** The same on the coordinator at {@code coordinatorUrl} (another shard). */
    public String startLra(String coordinatorUrl) {
        return startLra(coordinatorUrl, Duration.ZERO);
    }

    /** The same with a time limit (none when zero), as the app's own sagas have. */
    public String startLra(String coordinatorUrl, Duration timeLimit) {
        HttpResponse<String> started = send(HttpRequest.newBuilder(URI.create(coordinatorUrl + "/lra-coordinator/start?ClientID=test&TimeLimit="
                + timeLimit.toMillis())).POST(HttpRequest.BodyPublishers.noBody()).build());
        return started.headers().firstValue("Location").orElse(started.body());
    }

    /**
     * A real LRA on the coordinator whose three steps were taken and joined (and its end watched) as
     * if the saga's route ran ({@code qty} units of the item, and one line of item "3"), still running: the coordinator
     * has not been asked to end it.
     */
    public String runningSaga(String orderId, String itemId, int qty) {
        return runningSaga(orderId, itemId, qty, Duration.ZERO);
    }

    /** The same with a time limit (none when zero), as the app's own sagas have. */
    public String runningSaga(String orderId, String itemId, int qty, Duration timeLimit) {
        String lra = startLra(coordinatorUrl(), timeLimit);
        Order order = new OrderReader(1_000_000).read(OrderJson.bytes(orderId, itemId, qty));
        join(lra, Participant.SAGA, orderId);
        join(lra, Participant.INVENTORY, orderId);
        join(lra, Participant.PAYMENT, orderId);
        join(lra, Participant.ORDER, orderId);
        bean(OrderRepository.class).create(order, lra);
        bean(PaymentRepository.class).debit(order, lra);
        bean(InventoryRepository.class).reserve(order, lra);
        return lra;
    }

    /** Joins {@code participant} to the LRA as its action's route would (the same signed URL). */
    public void join(String lraId, Participant participant, String orderId) {
        join(lraId, participant, orderId, Optional.of(tokens()));
    }

    /** The same, its URL signed by {@code signer} (none: no token, as versions before tokens joined). */
    public void join(String lraId, Participant participant, String orderId, Optional<CallbackTokens> signer) {
        String link = SignedCallbacks.link(url(false), participant, orderId, signer.map(tokens -> tokens.sign(lraId, orderId, participant)).orElse(null));
        HttpResponse<String> joined = send(HttpRequest.newBuilder(URI.create(lraId)).header("Link", link)
                .header("Long-Running-Action", lraId).header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString(link)).build());
        if (joined.statusCode() != 200) {
            throw new IllegalStateException("join answered " + joined.statusCode() + ": " + joined.body());
        }
    }

    /** Asks the coordinator to close (true) or cancel (false) the LRA: it then calls the participants back. */
    public int endLra(String lraId, boolean close) {
        return send(HttpRequest.newBuilder(URI.create(lraId + (close ? "/close" : "/cancel"))).header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.noBody()).build()).statusCode();
    }

    /** The LRA's status text at the coordinator, or "HTTP 404" once it has forgotten it. */
    public String lraStatus(String lraId) {
        HttpResponse<String> status = send(HttpRequest.newBuilder(URI.create(lraId + "/status")).build());
        return status.statusCode() == 200 ? status.body() : "HTTP " + status.statusCode();
    }

    /**
     * Runs a recovery pass of the coordinator that reads its log as it is now (Narayana's recovery list
     * scans the log first). Asked twice: when a pass is already under way, Narayana's scan waits for that
     * pass to end instead of starting one, and that pass may have read the log before the caller's saga
     * was in it; the second request starts (or waits for) a pass that began after the first returned.
     */
    public void forceRecoveryPass() {
        for (int pass = 0; pass < 2; pass++) {
            int status = send(HttpRequest.newBuilder(URI.create(coordinatorUrl() + "/lra-coordinator/recovery")).build()).statusCode();
            if (status != 200) {
                throw new IllegalStateException("the coordinator's recovery list answered " + status);
            }
        }
    }

    private String coordinatorUrl() {
        return context().getPropertiesComponent().resolveProperty("coordinator.url").orElseThrow();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        main.completed();
        runner.join(Duration.ofSeconds(60).toMillis());
    }

    /**
     * A port nothing listens on, for a server a test starts. Taken below 32768, where Linux gives out
     * no ports to outgoing connections: a free port of that range (what {@code new ServerSocket(0)}
     * gives) can be taken by any client's connection before the server binds it, and a run failed so.
     * Never the same port twice in one JVM.
     */
    public static int freePort() throws IOException {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int candidate = FIRST_PORT + RANDOM.nextInt(PORTS);
            if (!GIVEN.add(candidate)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress("127.0.0.1", candidate));
                return candidate;
            } catch (IOException inUse) {
                // another process listens there: try another
            }
        }
        throw new IOException("no free port from " + FIRST_PORT + " to " + (FIRST_PORT + PORTS - 1));
    }
}
