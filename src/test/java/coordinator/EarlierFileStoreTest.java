package coordinator;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A log directory an earlier build wrote with the file store is noticed; the journal's own files are not. */
class EarlierFileStoreTest {

    @Test
    void countsTheFileStoresRecordsOnly(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("journal"));
        Files.writeString(dir.resolve("journal/jbossts-1.txlog"), "journal");
        assertThat(LraCoordinatorServer.recordsOfEarlierFileStore(dir)).isZero();

        Path lras = Files.createDirectories(LraCoordinatorServer.earlierFileStore(dir).resolve("defaultStore/StateManager/BasicAction/LongRunningAction"));
        Files.writeString(lras.resolve("0_ffff7f000001_a1"), "an LRA");
        Files.writeString(lras.resolve("0_ffff7f000001_a2"), "another");
        assertThat(LraCoordinatorServer.recordsOfEarlierFileStore(dir)).isEqualTo(2);
    }
}
