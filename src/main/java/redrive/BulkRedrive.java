package redrive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import domain.RequestRefused;
import domain.TransactionIds;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import store.OrderRepository;
import store.SagaJournal;

/**
 * POST /api/redrives: a dry run lists the parked orders a filter takes and the compensations each
 * would run, and stores nothing; otherwise a job is stored (once per Idempotency-Key) for
 * {@link RedriveJobRunner} to run.
 */
public class BulkRedrive {

    /** Printable ASCII, as HTTP header values are, and short enough to show in an answer. */
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[!-~]{1,200}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The answer: its HTTP status, the job (none for a dry run), and the lease when this request
     * created the job, for this replica to start it.
     */
    public record Answer(int status, String jobId, RedriveJobs.Lease started, Map<String, Object> document) {
    }

    /** The most parked orders a plan reads in full to filter them by failed step (narrow the window for more). */
    static final int EXAMINED = 10_000;

    private final OrderRepository orders;
    private final SagaJournal journal;
    private final RedriveJobs jobs;
    private final Clock clock;

    public BulkRedrive(OrderRepository orders, SagaJournal journal, RedriveJobs jobs, Clock clock) {
        this.orders = orders;
        this.journal = journal;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** @param idempotencyKey the request's Idempotency-Key header; null: a new job every time */
    public Answer request(String body, String idempotencyKey) {
        RedriveFilter asked = RedriveFilter.read(body);
        if (asked.dryRun()) {
            RedriveFilter filter = asked.until(clock.instant());
            Map<String, Object> dryRun = new LinkedHashMap<>();
            dryRun.put("dry_run", true);
            dryRun.put("filter", filter.view());
            dryRun.put("orders", plan(filter).stream().map(PlannedRedrive::view).toList());
            return new Answer(200, null, null, dryRun);
        }
        String request = asText(asked.view());
        String jobId = idempotencyKey == null ? UUID.randomUUID().toString() : TransactionIds.redriveJob(checked(idempotencyKey));
        Optional<RedriveJob> known = idempotencyKey == null ? Optional.empty() : jobs.find(jobId);
        if (known.isPresent()) {
            return repeated(known.get(), request);
        }
        RedriveFilter filter = asked.until(clock.instant());
        Optional<RedriveJobs.Lease> created = jobs.create(jobId, filter, request, plan(filter));
        RedriveJob job = jobs.find(jobId).orElseThrow();
        return created.map(lease -> new Answer(202, jobId, lease, job.view())).orElseGet(() -> repeated(job, request));
    }

    /** The parked orders the filter takes, newest first, with the compensations that gave up. */
    private List<PlannedRedrive> plan(RedriveFilter filter) {
        return orders.parked(filter.step(), filter.from(), filter.to(), Optional.empty(), filter.limit(), EXAMINED).orders().stream()
                .map(order -> new PlannedRedrive(order.orderId(), order.failedStep(), order.createdAt(),
                        journal.parkedCompensations(order.orderId(), order.lraId())))
                .toList();
    }

    /** A repeated Idempotency-Key: the same job if it asks the same, else refused. */
    private static Answer repeated(RedriveJob job, String request) {
        if (!job.request().equals(request)) {
            throw new RequestRefused(RequestRefused.Kind.CONFLICT, "this Idempotency-Key was used for job " + job.id()
                    + " with another filter: " + job.request());
        }
        return new Answer(200, job.id(), null, job.view());
    }

    private static String checked(String idempotencyKey) {
        if (!IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw new InvalidRedriveRequest("Idempotency-Key must be 1 to 200 printable ASCII characters");
        }
        return idempotencyKey;
    }

    private static String asText(Map<String, Object> view) {
        try {
            return JSON.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a filter is always JSON", e);
        }
    }
}
