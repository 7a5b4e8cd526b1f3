package redrive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import domain.Step;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which parked orders a bulk redrive takes: those whose compensation gave up at {@code failedStep}
 * (any step when null), stored from {@code from} to {@code to} (until the request when null), at most
 * {@code limit}; and whether it is only a dry run.
 */
public record RedriveFilter(String failedStep, Instant from, Instant to, int limit, boolean dryRun) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    private static final Set<String> FIELDS = Set.of("failed_step", "from", "to", "limit", "dry_run");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads a request's JSON body (empty: every default). Unknown fields are refused, not ignored: a
     * misspelt filter would otherwise redrive every parked order.
     */
    public static RedriveFilter read(String body) {
        JsonNode json = parse(body);
        List<String> unknown = new ArrayList<>();
        json.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw new InvalidRedriveRequest("unknown fields " + unknown + "; a filter has only " + FIELDS.stream().sorted().toList());
        }
        RedriveFilter filter = new RedriveFilter(failedStep(json.get("failed_step")), instant(json, "from").orElse(Instant.EPOCH),
                instant(json, "to").orElse(null), limit(json.get("limit")), dryRun(json.get("dry_run")));
        if (filter.to != null && filter.from.isAfter(filter.to)) {
            throw new InvalidRedriveRequest("from (" + filter.from + ") is after to (" + filter.to + ")");
        }
        return filter;
    }

    /** The same filter over a window that ends at {@code until} when it named no end. */
    public RedriveFilter until(Instant until) {
        return to != null ? this : new RedriveFilter(failedStep, from, until, limit, dryRun);
    }

    public Optional<String> step() {
        return Optional.ofNullable(failedStep);
    }

    /** The filter as the answers show it. */
    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("failed_step", failedStep);
        view.put("from", from.toString());
        view.put("to", to == null ? null : to.toString());
        view.put("limit", limit);
        return view;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode json = JSON.readTree(body);
            if (!json.isObject()) {
                throw new InvalidRedriveRequest("the body must be a JSON object");
            }
            return json;
        } catch (JsonProcessingException e) {
            throw new InvalidRedriveRequest("the body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String failedStep(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return Step.failedStepNamed(value.isTextual() ? value.asText() : value.toString()).displayName();
        } catch (IllegalArgumentException unknown) {
            throw new InvalidRedriveRequest(unknown.getMessage());
        }
    }

    private static Optional<Instant> instant(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        try {
            if (value.isTextual()) {
                return Optional.of(Instant.parse(value.asText()));
            }
        } catch (DateTimeParseException e) {
            // refused below, with the others
        }
        throw new InvalidRedriveRequest(field + " must be an ISO-8601 instant such as 2026-12-01T00:00:00Z, not " + value);
    }

    private static int limit(JsonNode value) {
        if (value == null || value.isNull()) {
            return DEFAULT_LIMIT;
        }
        if (!value.canConvertToExactIntegral() || !value.canConvertToInt() || value.asInt() < 1 || value.asInt() > MAX_LIMIT) {
            throw new InvalidRedriveRequest("limit must be a whole number from 1 to " + MAX_LIMIT + ", not " + value);
        }
        return value.asInt();
    }

    private static boolean dryRun(JsonNode value) {
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new InvalidRedriveRequest("dry_run must be true or false, not " + value);
        }
        return value.booleanValue();
    }
}
