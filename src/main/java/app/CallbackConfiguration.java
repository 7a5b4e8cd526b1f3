package app;

import domain.CallbackTokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import store.OrderRepository;
import store.SagaDecisions;
import store.SagaJournal;

/**
 * The beans that decide which saga callbacks may act (the token at the HTTP entry, the gate behind it,
 * the coordinator's word), and the sweep of sagas the coordinator lost.
 */
@Configuration
public class CallbackConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackConfiguration.class);
    /** The longest transition window for callbacks without a token: long enough for any saga to end, short enough to be closed on purpose. */
    static final Duration MAX_UNTOKENED_WINDOW = Duration.ofDays(7);

    private final Clock clock = Clock.systemUTC();

    /**
     * The local.*.enabled flags are set only by the local run (local.properties, not in the production
     * artifact), so their production default, false, is here.
     */
    @BindToRegistry(lazy = true)
    public CallbackTokens callbackTokens(@PropertyInject("callbacks.secret") String secret,
            @PropertyInject("callbacks.previous-secret") String previousSecret,
            @PropertyInject("callbacks.secret-file") String secretFile,
            @PropertyInject(value = "local.coordinator.enabled", defaultValue = "false") boolean localCoordinator,
            @PropertyInject(value = "local.dynamodb.enabled", defaultValue = "false") boolean localDynamoDb,
            @PropertyInject(value = "local.sqs.enabled", defaultValue = "false") boolean localSqs) {
        boolean everythingLocal = localCoordinator && localDynamoDb && localSqs;
        return new CallbackTokens(CallbackSecret.resolve(secret, Path.of(secretFile), everythingLocal), Optional.of(previousSecret));
    }

    @BindToRegistry(lazy = true)
    public CallbackRefusals callbackRefusals(MeterRegistry metrics) {
        return new CallbackRefusals(metrics, clock);
    }

    @BindToRegistry(lazy = true)
    public CallbackEntry callbackEntry(CallbackTokens tokens, CallbackRefusals refusals, MeterRegistry metrics,
            @PropertyInject("callbacks.untokened-until") String untokenedUntil) {
        return new CallbackEntry(tokens, untokenedWindow(untokenedUntil), clock, refusals, metrics);
    }

    @BindToRegistry(lazy = true)
    public CoordinatorClient coordinatorClient() {
        return new CoordinatorClient();
    }

    @BindToRegistry(lazy = true)
    public CallbackGate callbackGate(OrderRepository orders, SagaDecisions decisions, SagaJournal journal, CoordinatorClient coordinator,
            @PropertyInject("coordinator.urls") String coordinatorUrls,
            @PropertyInject("camel.lra.coordinator-context-path") String coordinatorContextPath) {
        List<String> coordinators = Arrays.stream(coordinatorUrls.split(",")).map(String::trim).filter(url -> !url.isEmpty())
                .map(url -> (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + coordinatorContextPath).toList();
        return new CallbackGate(coordinators, orders, decisions, journal, coordinator, clock);
    }

    @BindToRegistry(lazy = true)
    public StrandedSagas strandedSagas(CoordinatorClient coordinator, OrderRepository orders,
            @PropertyInject("saga.stranded-after-seconds") long strandedAfterSeconds,
            @PropertyInject("saga.stranded-check-period-ms") long checkPeriodMs) {
        return new StrandedSagas(coordinator, orders, Duration.ofSeconds(strandedAfterSeconds), Duration.ofMillis(checkPeriodMs), clock);
    }

    /** Fails the start at once when the secret or the transition window is wrong, not at the first saga. */
    @Override
    public void configure(CamelContext camelContext) {
        camelContext.getRegistry().findSingleByType(CallbackEntry.class);
    }

    /** callbacks.untokened-until: an instant at most {@link #MAX_UNTOKENED_WINDOW} away, or nothing. */
    private Optional<Instant> untokenedWindow(String untokenedUntil) {
        if (untokenedUntil.isBlank()) {
            return Optional.empty();
        }
        Instant until;
        try {
            until = Instant.parse(untokenedUntil.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("callbacks.untokened-until must be an instant such as 2026-12-10T12:00:00Z, not " + untokenedUntil);
        }
        if (until.isAfter(clock.instant().plus(MAX_UNTOKENED_WINDOW))) {
            throw new IllegalStateException("callbacks.untokened-until may be at most " + MAX_UNTOKENED_WINDOW.toDays()
                    + " days away: it only lets the sagas of the previous version finish (docs/security.md, 'Upgrading')");
        }
        if (until.isAfter(clock.instant())) {
            LOG.warn("Saga callbacks without a token are accepted until {} (callbacks.untokened-until), for sagas the previous"
                    + " version started; then the window closes by itself", until);
        }
        return Optional.of(until);
    }
}
