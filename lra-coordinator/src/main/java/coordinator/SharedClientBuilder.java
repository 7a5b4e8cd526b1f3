package coordinator;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.resteasy.client.jaxrs.ClientHttpEngine;
import org.jboss.resteasy.client.jaxrs.ResteasyClient;
import org.jboss.resteasy.client.jaxrs.internal.ClientConfiguration;
import org.jboss.resteasy.client.jaxrs.internal.ResteasyClientBuilderImpl;
import org.jboss.resteasy.client.jaxrs.internal.ResteasyClientImpl;

/**
 * The JAX-RS client builder of the coordinator's JVM: every client it builds is one shared client
 * with a pool of keep-alive connections, which a close() leaves open.
 * <p>
 * Narayana 7.1 calls {@code ClientBuilder.newClient()} for every participant callback and closes the
 * client afterwards; with RESTEasy's own builder each callback scans the class path for providers and
 * builds a connection pool, a thread pool and a TCP connection, which was half of the coordinator's
 * CPU. This class is registered in META-INF/services, which JAX-RS reads before RESTEasy's entry
 * (the coordinator's classes come first on the class path). Only Narayana builds JAX-RS clients in
 * these JVMs, and it neither configures them nor registers anything on them, so sharing one is safe.
 */
public class SharedClientBuilder extends ResteasyClientBuilderImpl {

    /** Callbacks in flight at once: the coordinator's request threads each make one at a time. */
    private static final int CONNECTIONS = 64;

    private static final class Shared {
        static final ResteasyClient CLIENT = new SharedClientBuilder().buildShared();
    }

    @Override
    public ResteasyClient build() {
        return Shared.CLIENT;
    }

    private ResteasyClient buildShared() {
        connectionPoolSize(CONNECTIONS);
        maxPooledPerRoute(CONNECTIONS);
        connectionTTL(60, TimeUnit.SECONDS); // renewed now and then, like any long-lived pool
        connectionCheckoutTimeout(10, TimeUnit.SECONDS); // never wait forever for a pooled connection
        return super.build();
    }

    @Override
    protected ResteasyClient createResteasyClient(ClientHttpEngine engine, ExecutorService executor, boolean cleanupExecutor,
            ScheduledExecutorService scheduledExecutor, ClientConfiguration config) {
        return new ResteasyClientImpl(engine, executor, cleanupExecutor, scheduledExecutor, config) {
            @Override
            public void close() {
                // shared by every caller for the life of the JVM
            }
        };
    }
}
