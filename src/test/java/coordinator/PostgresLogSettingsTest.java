package coordinator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settings of the coordinator's log in PostgreSQL: read as documented, refused when wrong, the password never shown. */
class PostgresLogSettingsTest {

    @Test
    void theJournalStoreStaysTheDefault() {
        assertThat(LraCoordinatorServer.SETTINGS).containsEntry("LRA_STORE", "journal");
        assertThatThrownBy(() -> LraCoordinatorServer.fromEnvironment(Map.of("LRA_STORE", "files")))
                .hasMessageContaining("LRA_STORE must be journal or jdbc");
    }

    @Test
    void thePasswordComesFromItsFileWithoutTheLineBreakAndIsNeverShown(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("password"), "s3cret;=x\n");
        PostgresLog log = PostgresLog.fromSettings(settings(Map.of("LRA_JDBC_PASSWORD_FILE", file.toString(), "LRA_JDBC_PASSWORD", "other",
                "LRA_JDBC_URL", "jdbc:postgresql://db:5432/lra?password=inline")));

        assertThat(PostgresLog.readPassword(file)).isEqualTo("s3cret;=x");
        assertThat(log.describe()).isEqualTo("PostgreSQL jdbc:postgresql://db:5432/lra table lra_jbosststxtable as lra")
                .doesNotContain("s3cret", "other", "inline");
        assertThat(log.toString()).isEqualTo(log.describe());
    }

    @Test
    void wrongSettingsAreRefused() {
        assertThatThrownBy(() -> PostgresLog.fromSettings(settings(Map.of("LRA_JDBC_URL", "jdbc:mysql://db/lra"))))
                .hasMessageContaining("LRA_JDBC_URL must be a PostgreSQL JDBC URL");
        assertThatThrownBy(() -> PostgresLog.fromSettings(settings(Map.of("LRA_JDBC_TABLE_PREFIX", "lra; DROP TABLE x"))))
                .hasMessageContaining("LRA_JDBC_TABLE_PREFIX");
        assertThatThrownBy(() -> PostgresLog.fromSettings(settings(Map.of("LRA_JDBC_LOCK_WAIT_SECONDS", "-1"))))
                .hasMessageContaining("LRA_JDBC_LOCK_WAIT_SECONDS");
    }

    @Test
    void oneLockKeyPerTable() {
        // PostgreSQL folds unquoted names to lower case: these two prefixes name one table
        assertThat(LogLock.key("Coordinator_A_")).isEqualTo(LogLock.key("coordinator_a_"));
        assertThat(LogLock.key("coordinator_a_")).isNotEqualTo(LogLock.key("coordinator_b_"));
    }

    private static java.util.function.Function<String, String> settings(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(LraCoordinatorServer.SETTINGS);
        all.put("LRA_STORE", "jdbc");
        all.put("LRA_JDBC_URL", "jdbc:postgresql://db:5432/lra");
        all.put("LRA_JDBC_USER", "lra");
        all.putAll(values);
        return all::get;
    }
}
