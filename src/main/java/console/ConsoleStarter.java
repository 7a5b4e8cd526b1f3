package console;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Hawtio beside the app when {@code console.enabled}: its settings are checked before Camel
 * configures (a console that may not run stops the start), and it starts once Camel is up.
 */
public class ConsoleStarter extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleStarter.class);

    private HawtioServer hawtio;

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
        if (Boolean.parseBoolean(setting(properties, "console.enabled"))) {
            try {
                hawtio = new HawtioServer(setting(properties, "console.host"), Integer.parseInt(setting(properties, "console.port")),
                        Boolean.parseBoolean(setting(properties, "console.authentication-enabled")),
                        setting(properties, "users.file"), setting(properties, "console.roles"));
            } catch (IllegalStateException refused) {
                throw refused; // its settings say why
            } catch (Exception e) {
                throw new IllegalStateException("Hawtio cannot run: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void afterStart(BaseMainSupport main) {
        if (hawtio != null) {
            PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
            try {
                hawtio.start();
                LOG.info("Hawtio at http://{}:{}/hawtio", setting(properties, "console.host"), setting(properties, "console.port"));
            } catch (Exception e) {
                throw new IllegalStateException("Hawtio did not start: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void afterStop(BaseMainSupport main) {
        if (hawtio != null) {
            try {
                hawtio.close();
            } catch (Exception e) {
                LOG.warn("Hawtio did not stop cleanly: {}", e.getMessage());
            }
            hawtio = null;
        }
    }

    private static String setting(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).map(String::trim).orElseThrow(() -> new IllegalStateException("Missing property " + key));
    }
}
