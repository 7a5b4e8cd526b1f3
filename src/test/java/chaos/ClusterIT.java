package chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The short cluster run of the suite (the long one is scripts/cluster.sh): three replicas behind nginx, two coordinators. */
class ClusterIT {

    private static final Pattern LINE = Pattern.compile("CLUSTER replicas=3 coordinators=2 orders=80 terminal=80 lost=0 stranded=0 unexpected=0"
            + " money_mismatch=0 stock_mismatch=0 contradictory=0 unpublished=0 swept=\\d+ kills=5 inflight_at_kills=\\d+ served_min=[1-9]\\d* seconds=\\d+");

    @Test
    @DisplayName("every replica and coordinator killed -9 once: every order ends as its scenario allows, every replica served")
    void replicasAndCoordinatorsKilledOnce() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "cluster-test-");

        ClusterRun.Outcome outcome = ClusterRun.run(80, 7, 1, work);

        assertThat(outcome.result().problems()).as("see the logs in " + work).isEmpty();
        assertThat(outcome.line()).matches(LINE);
    }
}
