package app;

import domain.FaultInjector;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The failure scenarios picked by the order id's prefix (README, 'Failure scenarios'). */
@Configuration
public class FaultConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(FaultConfiguration.class);

    /** On in the local default run; never against real AWS (no endpoint override). */
    @BindToRegistry(lazy = true)
    public FaultInjector faultInjector(@PropertyInject("faults.enabled") boolean faultsEnabled,
            @PropertyInject("aws.dynamodb.endpoint") String dynamoDbEndpoint) {
        boolean realAws = dynamoDbEndpoint.isBlank();
        if (faultsEnabled && realAws) {
            LOG.warn("faults.enabled is ignored: the app is pointed at real AWS, so no failure is injected");
        }
        FaultInjector injector = new FaultInjector(faultsEnabled && !realAws);
        if (injector.isEnabled()) {
            LOG.warn("Fault injection is ON: order ids starting with 1, 11, 2, 22, 3 or 33 fail on purpose"
                    + " (see README, 'Failure scenarios'); set faults.enabled=false to turn it off");
        }
        return injector;
    }
}
