package app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A callback URL's token never reaches a log: Narayana prints a participant's URL when a callback
 * fails (at INFO), in a message or an exception. And a caller's line break cannot forge a log line.
 * Checked with the app's and the standalone coordinator's own logging configuration.
 */
class LogMaskingTest {

    private static final String TOKEN = "Ai4V8Ko5i8k_57RH9h72PVqTE6nljLqqJSWLLF-vPNE";
    private static final String URL = "http://app:8080/lra-participant/compensate?callbackToken=" + TOKEN
            + "&orderId=7&Camel-Saga-Compensate=direct://payment-refund";

    @ParameterizedTest
    @ValueSource(strings = {"src/main/resources/log4j2.properties", "lra-coordinator/src/main/resources/log4j2.properties"})
    void tokensAreMasked(String configuration) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream console = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        LoggerContext context = new LoggerContext("masking");
        try {
            context.start(new PropertiesConfigurationFactory().getConfiguration(context,
                    ConfigurationSource.fromUri(Path.of(configuration).toUri())));
            Logger log = context.getLogger("io.narayana.lra");
            log.info("LRAParticipantRecord.doEnd(compensate) HTTP PUT at {} failed for LRA x (reason: timeout)", URL);
            log.warn("callback failed", new IllegalStateException("cannot reach " + URL));
            log.warn("refused order {}", "x\n10:50:00.000 ERROR [main] Forged - FORGED LINE");
        } finally {
            context.stop();
            System.setOut(console);
        }

        String logged = printed.toString(StandardCharsets.UTF_8);
        assertThat(logged).contains("callbackToken=****&orderId=7", "IllegalStateException").doesNotContain(TOKEN);
        assertThat(logged.lines()).noneMatch(line -> line.startsWith("10:50:00.000 ERROR"));
    }
}
