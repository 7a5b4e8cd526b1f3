package local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.NodeAddress;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.CreateQueueMetadata;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import scala.Option;
import scala.collection.immutable.List$;
import scala.concurrent.Await;
import scala.util.Either;

/**
 * An SQS-compatible server (ElasticMQ) in this JVM. Queues and their messages are written to an H2
 * file under the data directory at once (no write delay), so queued orders survive a crash or restart.
 */
public class EmbeddedSqs implements AutoCloseable {

    /** Restoring the queues after a crash took more than 10 s on a busy 2-core machine (the chaos test's stand-ins died of it). */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final ActorSystem actors;
    private final SQSRestServer server;

    public EmbeddedSqs(String host, int port, Path dataDir) throws Exception {
        Files.createDirectories(dataDir);
        actors = ActorSystem.create("local-sqs");
        SqlQueuePersistenceConfig storage = new SqlQueuePersistenceConfig(true, "org.h2.Driver",
                "jdbc:h2:" + dataDir.toAbsolutePath().resolve("elasticmq") + ";AUTO_SERVER=FALSE;WRITE_DELAY=0", "", "", false);
        ActorRef store = actors.actorOf(Props.create(SqlQueuePersistenceActor.class,
                () -> new SqlQueuePersistenceActor(storage, List$.MODULE$.<CreateQueueMetadata>empty())));
        ActorRef queues = actors.actorOf(Props.create(QueueManagerActor.class,
                () -> new QueueManagerActor(new NowProvider(), SQSRestServerBuilder.copy$default$7(), Option.apply(store))));
        Object restored = Patterns.ask(store, new QueueEvent.Restore(queues), TIMEOUT).toCompletableFuture()
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (restored instanceof Either<?, ?> result && result.isLeft()) {
            throw new IllegalStateException("Could not restore the local queues: " + result.left().get());
        }
        server = new TheSQSRestServerBuilder(Option.apply(actors), Option.apply(queues), host, port,
                new NodeAddress("http", host, port, ""), false, SQSRestServerBuilder.copy$default$7(),
                SQSRestServerBuilder.copy$default$8(), SQSRestServerBuilder.copy$default$9(), Option.apply(store),
                SQSRestServerBuilder.copy$default$11()).start();
        server.waitUntilStarted();
    }

    @Override
    public void close() throws Exception {
        server.stopAndWait();
        Await.result(actors.terminate(), scala.concurrent.duration.Duration.apply(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }
}
