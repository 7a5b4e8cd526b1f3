package redrive;

import domain.OrderStatus;
import domain.RequestRefused;
import java.util.List;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.OrderRedrive;

/**
 * Runs the bulk redrive jobs: each order not done yet through the one redrive of an order, at this
 * replica's pace, renewing the job's lease before each and recording its result after it. A job
 * whose replica died, or stopped, is taken over by another once its lease runs out.
 */
public class RedriveJobRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RedriveJobRunner.class);

    private final RedriveJobs jobs;
    private final OrderRedrive redrive;
    private final RedrivePace pace;

    public RedriveJobRunner(RedriveJobs jobs, OrderRedrive redrive, RedrivePace pace) {
        this.jobs = jobs;
        this.redrive = redrive;
        this.pace = pace;
    }

    /** Takes over, one after another, the RUNNING jobs whose lease has run out, and runs them. */
    public void takeOverExpired(CamelContext camel) throws InterruptedException {
        for (String jobId : jobs.leaseExpired()) {
            Optional<RedriveJobs.Lease> lease = jobs.takeOver(jobId);
            if (lease.isPresent()) {
                LOG.warn("Redrive job {}: its lease ran out, this replica takes it over", jobId);
                run(lease.get(), camel);
            }
        }
    }

    /** Runs the job while {@code lease} holds it. */
    public void run(RedriveJobs.Lease lease, CamelContext camel) throws InterruptedException {
        RedriveJob job = jobs.find(lease.jobId()).orElseThrow();
        List<PlannedRedrive> pending = job.orders().stream().filter(order -> !job.isDone(order.orderId())).toList();
        for (PlannedRedrive order : pending) {
            pace.awaitTurn();
            if (camel.isStopping() || !jobs.renew(lease)) {
                LOG.info("Redrive job {}: stops before order {} (this replica stops, or another took the job over)",
                        job.id(), order.orderId());
                return;
            }
            OrderResult result = redrive(order.orderId(), camel);
            LOG.info("Redrive job {}: order {} {}", job.id(), order.orderId(), result.kind());
            jobs.record(job.id(), order.orderId(), result);
        }
        if (jobs.finish(lease)) {
            LOG.info("Redrive job {}: done, {} orders", job.id(), job.orders().size());
        }
    }

    private OrderResult redrive(String orderId, CamelContext camel) {
        try {
            OrderRedrive.Redriven redriven = redrive.redrive(orderId, camel);
            OrderResult.Kind kind = redriven.status() == OrderStatus.CANCELLED ? OrderResult.Kind.CANCELLED : OrderResult.Kind.STILL_PARKED;
            return new OrderResult(kind, redriven.compensations(), redriven.status(), redriven.error());
        } catch (RequestRefused notParked) {
            return new OrderResult(OrderResult.Kind.SKIPPED, List.of(), null, notParked.getMessage());
        } catch (RuntimeException failed) {
            // DynamoDB unreachable, a write that kept conflicting: the order stays parked, the job goes on
            LOG.warn("Redrive of order {} failed: {}", orderId, failed.toString());
            return new OrderResult(OrderResult.Kind.STILL_PARKED, List.of(), OrderStatus.COMPENSATION_FAILED, "the redrive failed: " + failed);
        }
    }
}
