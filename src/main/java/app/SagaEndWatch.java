package app;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.service.lra.LRAClient;
import org.apache.camel.service.lra.LRASagaService;
import org.apache.camel.service.lra.LRASagaStep;

/**
 * camel-lra's client of the coordinator, with one change: the saga route's own join (the step with
 * neither a compensation nor a completion) registers an AfterLRA link instead of camel-lra's bare
 * callback. The coordinator calls it once, after every participant has ended (and keeps calling it
 * until it is answered): the one moment the app knows every compensation or completion has run.
 */
public class SagaEndWatch extends LRAClient {

    /** The path, under the participant context path, the coordinator calls when a saga has ended. */
    public static final String ENDED_PATH = "/ended";

    private final LRASagaService saga;
    private final HttpClient http;

    public SagaEndWatch(LRASagaService saga, HttpClient http) {
        super(saga, http);
        this.saga = saga;
        this.http = http;
    }

    @Override
    public CompletableFuture<Void> join(URL lra, LRASagaStep step, Exchange exchange) {
        if (step.getCompensation().isPresent() || step.getCompletion().isPresent()) {
            return super.join(lra, step, exchange);
        }
        String ended = base(saga.getLocalParticipantUrl()) + path(saga.getLocalParticipantContextPath()) + ENDED_PATH + "?"
                + step.getOptions().entrySet().stream().map(option -> option.getKey() + "=" + option.getValue())
                        .collect(Collectors.joining("&")); // plain ids and a Base64url token, as camel-lra sends them
        String link = "<" + ended + ">; rel=\"after\"";
        URI join = URI.create(lra + step.getTimeoutInMilliseconds().map(limit -> "?TimeLimit=" + limit).orElse(""));
        HttpRequest request = prepareRequest(join, exchange)
                .header("Link", link)
                .header(Exchange.SAGA_LONG_RUNNING_ACTION, lra.toString())
                .header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString(link))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(response -> {
            if (response.statusCode() != 200) {
                throw new RuntimeCamelException("Cannot join LRA " + lra + " to watch its end: HTTP " + response.statusCode());
            }
            return null;
        });
    }

    private static String base(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String path(String path) {
        return path.startsWith("/") ? path : "/" + path;
    }
}
