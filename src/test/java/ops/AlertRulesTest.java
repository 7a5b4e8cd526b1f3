package ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Prometheus alert rules pass their unit tests (promtool, from Debian's prometheus package). */
class AlertRulesTest {

    @Test
    @DisplayName("promtool test rules ops/prometheus/alerts_test.yml passes")
    void alertRulesPassTheirTests() throws IOException, InterruptedException {
        Process promtool;
        try {
            promtool = new ProcessBuilder("promtool", "test", "rules", "ops/prometheus/alerts_test.yml").redirectErrorStream(true).start();
        } catch (IOException missing) {
            throw new IllegalStateException("promtool is missing: apt-get install prometheus (.ci/run does)", missing);
        }
        assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS");
    }
}
