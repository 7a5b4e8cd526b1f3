package console;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import settings.Settings;

/**
 * Runs Hawtio beside the app when {@code console.enabled}: its settings are checked before Camel
 * configures (a console that may not run stops the start), and it starts once Camel is up.
 */
public class ConsoleStarter extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleStarter.class);

    private HawtioServer hawtio;

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        Settings settings = new Settings(main.getCamelContext().getPropertiesComponent());
        if (settings.flag("console.enabled")) {
            try {
                hawtio = new HawtioServer(settings.text("console.host"), settings.number("console.port"),
                        settings.flag("console.authentication-enabled"),
                        settings.text("users.file"), settings.text("console.roles"));
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
            Settings settings = new Settings(main.getCamelContext().getPropertiesComponent());
            try {
                hawtio.start();
                LOG.info("Hawtio at http://{}:{}/hawtio", settings.text("console.host"), settings.text("console.port"));
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

}
