package chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short chaos run of the suite: 100 orders while the app and the coordinator are each killed -9
 * twice, and the stand-ins (DynamoDB, SQS) and the coordinator are each frozen twice for 3 to 12 s.
 */
class ChaosTest {

    @Test
    @DisplayName("app and coordinator killed -9, DynamoDB and coordinator frozen, twice each: every order finishes, money and stock conserved, every outcome published")
    void killedAndFrozenTwiceEach() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "chaos-test-");

        ChaosRun.Result result = ChaosRun.run(100, 7, 2, work);

        assertThat(result.audit().problems).as("see the logs in " + work).isEmpty();
        assertThat(result.line()).startsWith("CHAOS orders=100 terminal=100 lost=0 stranded=0 double_debits=0 negative_stock=0 unpublished=0 seconds=");
        assertThat(result.audit().byStatus).as("every kind of outcome happened").containsKeys("COMPLETED", "CANCELLED", "COMPENSATION_FAILED");
    }
}
