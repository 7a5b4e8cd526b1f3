package routes;

import domain.RequestRefused;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import redrive.InvalidRedriveRequest;

/**
 * Bulk redrive (operator role): POST /api/redrives answers a dry run, or stores a job and starts it
 * on this replica; GET /api/redrives/{jobId} reports a job from any replica. Every replica takes
 * over the jobs whose replica died.
 */
public class RedriveJobRoutes extends RouteBuilder {

    @Override
    public void configure() {
        rest("/api/redrives")
                .post().id("rest-post-redrive-job").consumes("application/json").produces("application/json").to("direct:redrive-job-post")
                .get("/{jobId}").id("rest-get-redrive-job").produces("application/json").to("direct:redrive-job-status");

        from("direct:redrive-job-post").routeId("redrive-job-post")
                .description("POST /api/redrives: a dry run (200), or a new job (202), or the job of a repeated Idempotency-Key (200)")
                .onException(InvalidRedriveRequest.class).handled(true)
                    .process(exchange -> Problems.problem(exchange, 400, "Invalid redrive request"))
                .end()
                .onException(RequestRefused.class).handled(true)
                    .process(exchange -> Problems.refused(exchange, "Cannot redrive"))
                .end()
                .process(Callers::requireOperator) // as for one order: the HTTP guard checks this too
                .convertBodyTo(String.class)
                .setBody(method("bulkRedrive", "request(${body}, ${header.Idempotency-Key})"))
                .setHeader(Exchange.HTTP_RESPONSE_CODE, simple("${body.status()}"))
                .filter(simple("${body.jobId()} != null"))
                    .setHeader("Location", simple("/api/redrives/${body.jobId()}"))
                .end()
                .wireTap("direct:redrive-job-run")
                .setBody(simple("${body.document()}"))
                .to("direct:redrive-job-answer");

        from("direct:redrive-job-run").routeId("redrive-job-run")
                .description("Runs the job a POST created, on this replica, while its lease holds (a dry run or a repeat created none)")
                .filter(simple("${body.started()} != null"))
                    .bean("redriveJobRunner", "run(${body.started()}, *)");

        from("timer:redrive-job-takeover?period={{redrive.takeover-period-ms}}").routeId("redrive-job-takeover")
                .description("Takes over and runs the jobs whose lease ran out (their replica died or stopped)")
                .bean("redriveJobRunner", "takeOverExpired");

        from("direct:redrive-job-status").routeId("redrive-job-status")
                .description("GET /api/redrives/{jobId}: the job's filter, state and what it did to each order")
                .onException(RequestRefused.class).handled(true)
                    .process(exchange -> Problems.refused(exchange, "Cannot show the redrive job"))
                .end()
                .process(Callers::requireOperator)
                .setBody(method("redriveJobs", "find(${header.jobId})"))
                .choice()
                    .when(simple("${body.isPresent()}"))
                        .setBody(simple("${body.get().view()}"))
                        .to("direct:redrive-job-answer")
                    .otherwise()
                        .process(exchange -> Problems.problem(exchange, 404, "No such redrive job",
                                "no redrive job " + exchange.getMessage().getHeader("jobId")))
                .end();

        from("direct:redrive-job-answer").routeId("redrive-job-answer")
                .description("A job or a dry run as JSON")
                .marshal().json()
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"));
    }
}
