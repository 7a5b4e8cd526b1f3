package app;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** A test class whose tests share one running application, started before them and stopped after. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WithRunningApp {

    protected RunningApp app;

    /** Properties this test class needs on top of the test defaults. */
    protected Map<String, String> overrides() {
        return Map.of();
    }

    @BeforeAll
    void startApp() throws Exception {
        app = RunningApp.start(overrides());
    }

    @AfterAll
    void stopApp() throws Exception {
        app.close();
    }
}
