package app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import domain.LraStatus;
import domain.RequestRefused;
import domain.SagaDecision;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Asks a saga's coordinator how the saga stands. The LRA id is the saga's URL on its own coordinator. */
public class CoordinatorClient {

    /** The coordinator waits 2 s for a callback; a status asked while answering one must come back well before. */
    private static final Duration TIMEOUT = Duration.ofMillis(1000);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /**
     * How the coordinator holds a saga: its status, whether its recovery is replaying the saga's
     * callbacks, and its finish time: the time limit while the saga runs and while the first pass of
     * its close calls the participants; when that pass ended, after it.
     */
    public record SagaState(LraStatus status, boolean recovering, Optional<Instant> finishTime) {

        /**
         * Whether the coordinator may be calling the participants to end the saga as {@code wanted}
         * now. A saga it runs has no callbacks in flight, but Narayana 7.1 reports a saga its recovery
         * replays after a restart as Active (and recovering). A saga it does not know any more may only
         * be cancelled (what the stranded-saga sweep does with a lost saga). Narayana 7.1 also reports a
         * cancel as Closing once its first pass left a participant unfinished (a callback that failed or
         * took over its 2 s), and compensates that participant on every recovery pass after; so Closing
         * allows a compensation too, but only once a first pass is over: during a close's first pass
         * (the completions) the finish time is still the time limit, ahead, or none without a limit;
         * the pass sets it to the moment it ended.
         */
        public boolean mayEndAs(SagaDecision wanted, Instant now) {
            return switch (status) {
                case ACTIVE -> recovering;
                case UNKNOWN -> wanted == SagaDecision.CANCELLED;
                case CLOSING -> wanted == SagaDecision.CLOSED || finishTime.map(time -> !time.isAfter(now)).orElse(false);
                case CLOSED, FAILED_TO_CLOSE -> wanted == SagaDecision.CLOSED;
                case CANCELLING, CANCELLED, FAILED_TO_CANCEL -> wanted == SagaDecision.CANCELLED;
            };
        }

        /** Whether the saga may have ended: not while the coordinator runs it (unless its recovery replays it). */
        public boolean mayHaveEnded() {
            return status != LraStatus.ACTIVE || recovering;
        }
    }

    /** The saga's state; a coordinator that cannot answer now makes the callback fail, and the coordinator calls again later. */
    public SagaState state(String lraId) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(lraId)).header("Accept", "application/json")
                .timeout(TIMEOUT).build(), lraId);
        if (response.statusCode() == 404 || response.statusCode() == 410) {
            return new SagaState(LraStatus.UNKNOWN, false, Optional.empty());
        }
        if (response.statusCode() != 200) {
            throw new RequestRefused(RequestRefused.Kind.UNAVAILABLE, "the coordinator answered " + response.statusCode() + " about " + lraId);
        }
        try {
            JsonNode data = JSON.readTree(response.body()); // Narayana's LRAData
            long finishTime = data.path("finishTime").asLong(); // epoch ms; 0 when none
            return new SagaState(LraStatus.parse(data.path("status").asText()), data.path("recovering").asBoolean(),
                    finishTime > 0 ? Optional.of(Instant.ofEpochMilli(finishTime)) : Optional.empty());
        } catch (JsonProcessingException e) {
            throw new RequestRefused(RequestRefused.Kind.UNAVAILABLE, "the coordinator's answer about " + lraId + " is not its LRA data");
        }
    }

    /** Asks the saga's coordinator to cancel it: it then calls the participants' compensations. True when it agreed. */
    public boolean cancel(String lraId) {
        // cancelling waits for every compensation (each up to 2 s at the coordinator)
        return send(HttpRequest.newBuilder(URI.create(lraId + "/cancel")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.noBody()).build(), lraId).statusCode() == 200;
    }

    private HttpResponse<String> send(HttpRequest request, String lraId) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RequestRefused(RequestRefused.Kind.UNAVAILABLE, "cannot reach the coordinator of " + lraId + " now: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestRefused(RequestRefused.Kind.UNAVAILABLE, "interrupted while calling the coordinator of " + lraId);
        }
    }
}
