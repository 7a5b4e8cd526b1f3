package coordinator;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.jboss.resteasy.client.jaxrs.ClientHttpEngine;
import org.jboss.resteasy.client.jaxrs.ResteasyClient;
import org.jboss.resteasy.client.jaxrs.engines.URLConnectionEngine;
import org.jboss.resteasy.client.jaxrs.internal.ClientConfiguration;
import org.jboss.resteasy.client.jaxrs.internal.ResteasyClientBuilderImpl;
import org.jboss.resteasy.client.jaxrs.internal.ResteasyClientImpl;

/**
 * The JAX-RS client builder of the coordinator's JVM: every client it builds is one shared client,
 * which a close() leaves open.
 * <p>
 * Narayana 7.1 calls {@code ClientBuilder.newClient()} for every participant callback and closes the
 * client afterwards; with RESTEasy's own builder each callback scans the class path for providers and
 * builds a connection pool, a thread pool and a TCP connection, which was half of the coordinator's
 * CPU. This class is registered in META-INF/services, which JAX-RS reads before RESTEasy's entry
 * (the coordinator's classes come first on the class path). Only Narayana builds JAX-RS clients in
 * these JVMs, and it neither configures them nor registers anything on them, so sharing one is safe.
 * <p>
 * Its connections are the JDK's (keep-alive, no pool to run out of). A pool of Apache HttpClient
 * connections did run out: Narayana stops waiting for a callback after 2 s and never closes the
 * response that comes later, so each slow callback (an app killed, frozen or busy) kept a pooled
 * connection for good; after 64 of them no callback could leave the coordinator (the chaos run found it).
 */
public class SharedClientBuilder extends ResteasyClientBuilderImpl {

    /** Narayana gives a callback 2 s; a connection or an answer slower than these is given up on here too. */
    private static final int CONNECT_TIMEOUT_MS = 2_000;
    private static final int READ_TIMEOUT_MS = 10_000;

    private static final class Shared {
        static final ResteasyClient CLIENT = new SharedClientBuilder().buildShared();
    }

    @Override
    public ResteasyClient build() {
        return Shared.CLIENT;
    }

    private ResteasyClient buildShared() {
        URLConnectionEngine engine = new URLConnectionEngine();
        engine.setConnectTimeout(CONNECT_TIMEOUT_MS);
        engine.setReadTimeout(READ_TIMEOUT_MS);
        httpEngine(engine);
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
