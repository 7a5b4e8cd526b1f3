package chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short chaos run of the suite: 100 orders while the app, the coordinator and the stand-ins
 * (DynamoDB, SQS) are each killed -9 twice, and the stand-ins and the coordinator are each frozen
 * twice for 3 to 12 s. (The long run, scripts/chaos.sh, adds the one-process run killed twice.)
 */
class ChaosIT {

    private static final Pattern LINE = Pattern.compile("CHAOS orders=100 terminal=100 lost=0 stranded=0 unexpected=0 money_mismatch=0"
            + " stock_mismatch=0 contradictory=0 unpublished=0 swept=\\d+ kills=6 inflight_at_kills=(\\d+) seconds=\\d+");

    @Test
    @DisplayName("app, coordinator and stand-ins killed -9, stand-ins and coordinator frozen, twice each: every order ends as its scenario allows")
    void killedAndFrozenTwiceEach() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "chaos-test-");

        ChaosRun.Result result = ChaosRun.separateProcesses(100, 7, 2, work);

        assertThat(result.problems()).as("see the logs in " + work).isEmpty();
        assertThat(result.line()).matches(LINE);
        assertThat(result.inflightAtKills()).as("every kill landed on running sagas").isGreaterThanOrEqualTo(6);
        assertThat(result.byStatus()).as("every kind of outcome happened").containsKeys("COMPLETED", "CANCELLED", "COMPENSATION_FAILED");
    }
}
