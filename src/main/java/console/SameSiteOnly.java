package console;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import security.SameSite;

/**
 * In front of Hawtio: its Jolokia agent answers any origin with credentials allowed, and can write
 * files and send messages into the routes. So no request from a page of another site gets through,
 * and without a login only requests addressed to loopback (a rebound DNS name is refused).
 */
class SameSiteOnly extends Handler.Wrapper {

    private final boolean loginRequired;

    SameSiteOnly(Handler hawtio, boolean loginRequired) {
        super(hawtio);
        this.loginRequired = loginRequired;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String host = request.getHttpURI().getAuthority();
        if (SameSite.isCrossSite(request.getMethod(), request.getHeaders().get(HttpHeader.ORIGIN), host, true)
                || (!loginRequired && !SameSite.addressesLoopback(host))) {
            Response.writeError(request, response, callback, 403, "Hawtio answers only its own pages, addressed to this host");
            return true;
        }
        return super.handle(request, response, callback);
    }
}
