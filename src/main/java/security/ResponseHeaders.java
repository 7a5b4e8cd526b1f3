package security;

import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * Which message headers become HTTP response headers: only the few the routes set on purpose. By
 * default platform-http answers with every header of the message, and a request's headers and query
 * parameters are message headers, so a link could set any response header (CORS, cookies, a redirect).
 * A request that names one of these few as a parameter, or Location or Retry-After as a header, is
 * refused by the HTTP guard.
 */
public class ResponseHeaders extends HttpHeaderFilterStrategy {

    private static final Set<String> SENT = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    static {
        SENT.addAll(Set.of("Content-Type", "Content-Length", "Location", "Retry-After"));
    }

    /**
     * Whether a request's query parameter of this name would come back as a response header: a
     * parameter becomes a message header, and the routes do not set every one of these on every answer.
     * The HTTP guard refuses such requests.
     */
    public static boolean wouldEcho(String parameterName) {
        return SENT.contains(parameterName);
    }

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !SENT.contains(headerName) || super.applyFilterToCamelHeaders(headerName, headerValue, exchange);
    }
}
