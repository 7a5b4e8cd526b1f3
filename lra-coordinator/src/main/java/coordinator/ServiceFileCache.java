package coordinator;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The class loader of the coordinator's web deployment: the application's, except that it remembers
 * which jars hold a service file. RESTEasy looks service files up with ServiceLoader on every
 * participant callback Narayana makes (thread contexts, client providers), and each lookup walks
 * every jar of the class path, a miss to the end of it; the answer never changes while the JVM runs.
 */
final class ServiceFileCache extends ClassLoader {

    private static final String SERVICE_FILES = "META-INF/services/";

    private final Map<String, List<URL>> serviceFiles = new ConcurrentHashMap<>();

    ServiceFileCache(ClassLoader parent) {
        super("lra-coordinator", parent);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (!name.startsWith(SERVICE_FILES)) {
            return super.getResources(name);
        }
        List<URL> found = serviceFiles.get(name);
        if (found == null) {
            found = Collections.list(getParent().getResources(name));
            serviceFiles.put(name, found);
        }
        return Collections.enumeration(found);
    }
}
