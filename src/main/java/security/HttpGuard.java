package security;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door of the app's HTTP port (API, saga view, metrics). Health passes; the saga callbacks pass to
 * their own token check, with no body to speak of. Everything else: a request that changes something
 * must not come from another site (Origin), each client's request rate is limited (429 with
 * Retry-After), and with authentication on, HTTP Basic users of the users file whose roles allow the
 * request get in (401, 403 otherwise); a client may start one new password check a second, and the
 * checks wait for their turn on threads of their own, a bounded line of them. The user
 * and roles reach the routes as Vert.x's authenticated user. With authentication off (allowed only on
 * loopback) every caller addressing loopback counts as holding every role.
 */
public class HttpGuard implements AuthenticationHandler {

    private static final Logger LOG = LoggerFactory.getLogger(HttpGuard.class);
    private static final String REALM = "order-saga";
    private static final User LOCAL_USER = user("local", List.of(Access.ORDERS_ROLE, Access.OPERATOR_ROLE));
    /** Request headers that would come back as response headers (Content-Type and Content-Length are a request's own). */
    private static final List<String> ECHOED_HEADERS = List.of("Location", "Retry-After");

    private static final int MAX_CALLBACK_BODY = 256;
    /** New logins that may wait for a password check beside those being checked; more are answered 503 at once. */
    private static final int LOGINS_WAITING = 8;

    private final Optional<Logins> logins;
    private final ClientRateLimits limits;
    private final ClientRateLimits hashes = new ClientRateLimits(1, 3, System::nanoTime);
    private final String retryAfterSeconds;
    private final Optional<String> clientAddressHeader;
    private final int hashThreads;
    private final AtomicInteger loginsInCheck = new AtomicInteger();
    /** Each HTTP server has a Vert.x of its own (the API's, and the management port's when separate). */
    private final Map<Vertx, WorkerExecutor> hashWorkers = new ConcurrentHashMap<>();

    /**
     * @param logins empty when authentication is off
     * @param hashPermits password hashes {@code logins} runs at once
     * @param clientAddressHeader a header a balancer in front sets to the client's address (its last value is used)
     */
    public HttpGuard(Optional<Logins> logins, int hashPermits, ClientRateLimits limits, int retryAfterSeconds,
            Optional<String> clientAddressHeader) {
        this.logins = logins;
        this.hashThreads = hashPermits + LOGINS_WAITING;
        this.limits = limits;
        this.retryAfterSeconds = Integer.toString(retryAfterSeconds);
        this.clientAddressHeader = clientAddressHeader;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        // no page of another site may frame ours (a framed Redrive button can be clicked by a trick)
        ctx.response().putHeader("X-Frame-Options", "DENY").putHeader("Content-Security-Policy", "frame-ancestors 'none'");
        Optional<String> echoed = request.params().names().stream().filter(ResponseHeaders::wouldEcho).findFirst()
                .or(() -> ECHOED_HEADERS.stream().filter(request.headers()::contains).findFirst());
        if (echoed.isPresent()) {
            problem(ctx, 400, "Parameter not accepted", echoed.get() + " names a response header: it is not accepted in a request");
            return;
        }
        Access access = Access.of(request.method().name(), ctx.normalizedPath());
        if (access == Access.OPEN) {
            ctx.next();
            return;
        }
        if (access == Access.CALLBACK) {
            // a callback has no body (an AfterLRA call a status word): nothing bigger is read into memory
            if (request.headers().contains("Transfer-Encoding") || contentLength(request) > MAX_CALLBACK_BODY) {
                problem(ctx, 413, "Body too large", "a saga callback carries at most " + MAX_CALLBACK_BODY + " bytes");
                return;
            }
            ctx.next();
            return;
        }
        if (SameSite.isCrossSite(request.method().name(), request.getHeader("Origin"), request.host(), false)) {
            problem(ctx, 403, "Cross-site request", "a request that changes something must come from this site (Origin " + request.getHeader("Origin") + ")");
            return;
        }
        String client = client(ctx);
        if (!limits.tryAcquire(client)) {
            problem(ctx, 429, "Too many requests", "this client sent more requests than api.requests-per-second allows; retry later");
            return;
        }
        if (logins.isEmpty()) {
            // without a login only loopback may be served; a page of another site that rebinds its name to
            // 127.0.0.1 still sends its own name as Host
            if (!SameSite.addressesLoopback(request.host())) { // Host, or HTTP/2's :authority
                problem(ctx, 403, "Not addressed to loopback", "without a login the API answers only requests addressed to 127.0.0.1 or localhost");
                return;
            }
            ctx.setUser(LOCAL_USER);
            ctx.next();
            return;
        }
        Optional<String[]> credentials = basic(request.getHeader("Authorization"));
        if (credentials.isEmpty()) {
            unauthorized(ctx, "log in with HTTP Basic authentication");
            return;
        }
        String name = credentials.get()[0];
        String password = credentials.get()[1];
        Optional<Logins.Result> known = logins.get().remembered(name, password);
        if (known.isPresent()) {
            admit(ctx, access, name, known.get());
            return;
        }
        if (!hashes.tryAcquire(client)) {
            problem(ctx, 429, "Too many new logins", "this client tried more new logins than one a second; retry later");
            return;
        }
        if (loginsInCheck.incrementAndGet() > hashThreads) {
            loginsInCheck.decrementAndGet();
            admit(ctx, access, name, Logins.Result.BUSY);
            return;
        }
        request.pause(); // the body must wait for the check; the body handler after this resumes it
        // on threads of their own: logins waiting for a hash never hold up the threads that run the routes
        Future<Logins.Result> checking;
        try {
            checking = hashWorkers.computeIfAbsent(ctx.vertx(), vertx -> vertx.createSharedWorkerExecutor("api-login-checks", hashThreads))
                    .executeBlocking(() -> logins.get().check(name, password), false);
        } catch (RuntimeException closing) {
            loginsInCheck.decrementAndGet();
            throw closing;
        }
        checking.onComplete(checked -> {
            loginsInCheck.decrementAndGet();
            if (checked.failed()) {
                LOG.error("Could not check the login of {}", name, checked.cause());
                problem(ctx, 500, "Cannot check the login", "see the app's log");
            } else {
                admit(ctx, access, name, checked.result());
            }
        });
    }

    private void admit(RoutingContext ctx, Access access, String name, Logins.Result result) {
        switch (result.verdict()) {
            case BUSY -> problem(ctx, 503, "Busy checking logins", "too many new logins are being checked at once; retry later");
            case REFUSED -> unauthorized(ctx, "wrong user name or password");
            case ACCEPTED -> {
                if (!access.allows(result.roles())) {
                    problem(ctx, 403, "Forbidden", "user " + name + " lacks the role this request needs ("
                            + (access == Access.OPERATOR ? Access.OPERATOR_ROLE : Access.ORDERS_ROLE + " or " + Access.OPERATOR_ROLE) + ")");
                    return;
                }
                ctx.setUser(user(name, result.roles()));
                ctx.next();
            }
        }
    }

    /**
     * The client a request counts against: its address (an IPv6 address by its /64, which one host
     * may hold whole), or behind a balancer the address it appended to {@code clientAddressHeader}.
     */
    private String client(RoutingContext ctx) {
        String address = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
        if (clientAddressHeader.isPresent()) {
            List<String> values = ctx.request().headers().getAll(clientAddressHeader.get());
            if (!values.isEmpty()) {
                String last = values.get(values.size() - 1);
                address = last.substring(last.lastIndexOf(',') + 1).trim();
            }
        }
        return address.contains(":") ? ipv6Network(address) : address;
    }

    private static String ipv6Network(String address) {
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            return bytes.length == 16 ? HexFormat.of().formatHex(bytes, 0, 8) + "::/64" : address;
        } catch (UnknownHostException notAnAddress) {
            return address;
        }
    }

    private static long contentLength(HttpServerRequest request) {
        try {
            String length = request.getHeader("Content-Length");
            return length == null ? 0 : Long.parseLong(length.trim());
        } catch (NumberFormatException garbage) {
            return Long.MAX_VALUE;
        }
    }

    private static Optional<String[]> basic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon <= 0 ? Optional.empty() : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    private void unauthorized(RoutingContext ctx, String detail) {
        ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        problem(ctx, 401, "Unauthorized", detail);
    }

    private void problem(RoutingContext ctx, int status, String title, String detail) {
        if (status == 429 || status == 503) {
            ctx.response().putHeader("Retry-After", retryAfterSeconds);
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json")
                .end(new JsonObject().put("type", "about:blank").put("title", title).put("status", status).put("detail", detail).encode());
    }

    private static User user(String name, List<String> roles) {
        return User.create(new JsonObject().put("username", name).put("roles", new JsonArray(roles)));
    }

    /** The roles of the user the guard let in, from the principal it set. */
    public static List<String> roles(User user) {
        JsonArray roles = user == null ? null : user.principal().getJsonArray("roles");
        return roles == null ? List.of() : roles.stream().map(String::valueOf).toList();
    }
}
