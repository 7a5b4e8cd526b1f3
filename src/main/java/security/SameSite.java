package security;

import java.net.URI;
import java.util.Set;

/**
 * What a browser's request says about the page that sent it. A page of another site names itself in
 * Origin; a page that rebinds its own name to 127.0.0.1 still sends that name as Host.
 */
public final class SameSite {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private SameSite() {
    }

    /** A request from a page of another site ({@code origin} not the {@code host} addressed); for safe methods only when {@code evenSafe}. */
    public static boolean isCrossSite(String method, String origin, String host, boolean evenSafe) {
        if (origin == null || (!evenSafe && SAFE_METHODS.contains(method))) {
            return false;
        }
        try {
            URI from = URI.create(origin);
            return from.getHost() == null
                    || !(from.getHost() + (from.getPort() < 0 ? "" : ":" + from.getPort())).equalsIgnoreCase(host);
        } catch (IllegalArgumentException notAnOrigin) {
            return true; // "null", or garbage
        }
    }

    /** Whether the Host header names loopback (127.x.x.x, localhost, ::1), with or without a port. */
    public static boolean addressesLoopback(String host) {
        if (host == null) {
            return false;
        }
        String name = host.startsWith("[") ? host.substring(1, Math.max(1, host.indexOf(']')))
                : host.lastIndexOf(':') < 0 ? host : host.substring(0, host.lastIndexOf(':'));
        return name.equalsIgnoreCase("localhost") || name.equals("::1") || name.matches("127(\\.\\d{1,3}){3}");
    }
}
