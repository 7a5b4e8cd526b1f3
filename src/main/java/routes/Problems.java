package routes;

import app.HttpStatuses;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import domain.RequestRefused;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.util.ObjectHelper;

/** The API's error answers: RFC 9457 problem documents saying exactly what was wrong. */
final class Problems {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Problems() {
    }

    /** The exception caught is the detail. */
    static void problem(Exchange exchange, int status, String title) throws JsonProcessingException {
        problem(exchange, status, title, caught(exchange).getMessage());
    }

    /** A refused request (RequestRefused, perhaps wrapped), with the status of its kind. */
    static void refused(Exchange exchange, String title) throws JsonProcessingException {
        problem(exchange, HttpStatuses.of(ObjectHelper.getException(RequestRefused.class, caught(exchange))), title);
    }

    static void problem(Exchange exchange, int status, String title, String detail) throws JsonProcessingException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/problem+json");
        exchange.getMessage().setBody(JSON.writeValueAsString(problem));
    }

    private static Exception caught(Exchange exchange) {
        return exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
    }
}
