package routes;

import app.CallbackRefusals;
import app.HttpStatuses;
import domain.BusinessFailure;
import domain.CallbackRefused;
import domain.MessageKeys;
import domain.RequestRefused;
import domain.RetryableFailure;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Error handling for every saga route, declared once; routes opt in by id.
 * Retries use exponential backoff with jitter (collision avoidance) and a cap.
 */
public class SagaErrorHandling extends RouteConfigurationBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(SagaErrorHandling.class);

    public static final String ACTION = "saga-action";
    public static final String COMPENSATION = "saga-compensation";
    public static final String COMPLETION = "saga-completion";

    @Override
    public void configuration() {
        // Actions: transient errors are retried; any failure is recorded and fails the saga
        // (never handled here: a handled failure would complete the saga).
        RouteConfigurationDefinition action = routeConfiguration(ACTION);
        withBackoff(action.onException(RetryableFailure.class, SdkException.class), "saga.action")
                    .to("direct:saga-action-failed")
                .end();
        action.onException(BusinessFailure.class)
                    .logExhausted(false) // expected: the journal logs it in one line
                    .to("direct:saga-action-failed")
                .end();
        action.onException(Exception.class)
                    .to("direct:saga-action-failed");

        // Compensations: an unreachable DynamoDB is retried with backoff, then the callback fails and
        // the coordinator calls again on its next recovery pass, for as long as the outage lasts.
        // Any other failure is retried with backoff; when retries run out the order is parked as
        // COMPENSATION_FAILED and the coordinator is told we are done, so it stops calling.
        RouteConfigurationDefinition compensation = routeConfiguration(COMPENSATION);
        refuseForeignCallbacks(compensation);
        withBackoff(compensation.onException(RetryableFailure.class, SdkException.class), "saga.compensation").end();
        withBackoff(compensation.onException(Exception.class), "saga.compensation")
                    .handled(true)
                    .to("direct:saga-compensation-parked");

        // Completions: retried with backoff, then left failed so the coordinator calls again later.
        RouteConfigurationDefinition completion = routeConfiguration(COMPLETION);
        refuseForeignCallbacks(completion);
        withBackoff(completion.onException(Exception.class), "saga.compensation");
    }

    /** Exponential backoff with jitter (collision avoidance) and a cap, from the settings under {@code prefix}. */
    private static OnExceptionDefinition withBackoff(OnExceptionDefinition onException, String prefix) {
        return onException.onRedeliveryRef("countRetry")
                .maximumRedeliveries("{{" + prefix + ".max-retries}}")
                .redeliveryDelay("{{" + prefix + ".retry-delay-ms}}")
                .maximumRedeliveryDelay("{{" + prefix + ".max-retry-delay-ms}}")
                .useExponentialBackOff().backOffMultiplier(2).useCollisionAvoidance()
                .retryAttemptedLogLevel(LoggingLevel.WARN);
    }

    private static void refuseForeignCallbacks(RouteConfigurationDefinition callbacks) {
        callbacks.onException(RequestRefused.class)
                .handled(true).logExhausted(false)
                .process(SagaErrorHandling::refuse)
                .end();
    }

    /** A callback refused (403: not the coordinator's, for that saga; 503: cannot tell now): answered with its status and reason, nothing changed. */
    private static void refuse(Exchange exchange) {
        // the refusal may come wrapped (thrown from a predicate)
        RequestRefused refused = ObjectHelper.getException(RequestRefused.class, exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        if (refused instanceof CallbackRefused callback) {
            exchange.getContext().getRegistry().findSingleByType(CallbackRefusals.class).refused(callback,
                    exchange.getMessage().getHeader(MessageKeys.ORDER_ID, String.class),
                    exchange.getMessage().getHeader(Exchange.SAGA_LONG_RUNNING_ACTION, String.class));
        } else {
            LOG.warn("Saga callback refused ({}): {}", HttpStatuses.of(refused), refused.getMessage());
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, HttpStatuses.of(refused));
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/plain");
        exchange.getMessage().setBody(refused.getMessage());
    }
}
