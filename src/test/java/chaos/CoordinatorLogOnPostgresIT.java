package chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link CoordinatorLogIT} with the coordinator's log in PostgreSQL (LRA_STORE=jdbc) instead of the journal store. */
class CoordinatorLogOnPostgresIT extends CoordinatorLogIT {

    private static LocalPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = LocalPostgres.start(Files.createTempDirectory(Files.createDirectories(Path.of("target")), "coordinator-log-pg-"));
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    Map<String, String> logSettings() {
        return postgres.coordinatorSettings("log_test_");
    }
}
