package app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/** The settings application.properties declares, and the environment variables that set them (for the deployment files' tests). */
final class AppSettings {

    private AppSettings() {
    }

    static Properties properties() {
        Properties properties = new Properties();
        try (InputStream in = AppSettings.class.getClassLoader().getResourceAsStream("application.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** Camel looks a key up in the environment as upper case with '.' and '-' as '_'. */
    static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Every environment variable that sets a key of application.properties. */
    static Set<String> environmentNames() {
        return properties().stringPropertyNames().stream().map(AppSettings::environmentName).collect(Collectors.toSet());
    }
}
