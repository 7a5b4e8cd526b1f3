package settings;

import org.apache.camel.spi.PropertiesComponent;

/**
 * The settings that parts started beside the routes (the API's security, Hawtio, the local stand-ins)
 * read from Camel's properties; every one must be set (its default is in application.properties).
 */
public final class Settings {

    private final PropertiesComponent properties;

    public Settings(PropertiesComponent properties) {
        this.properties = properties;
    }

    public String text(String key) {
        return properties.resolveProperty(key).map(String::trim).orElseThrow(() -> new IllegalStateException("Missing property " + key));
    }

    public boolean flag(String key) {
        return Boolean.parseBoolean(text(key));
    }

    public int number(String key) {
        return Integer.parseInt(text(key));
    }
}
