package app;

import domain.FaultInjector;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import store.InventoryRepository;
import store.PaymentEntry;
import store.PaymentRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The saga console in a real browser (Debian's chromium), driven from the keyboard: the counts per
 * status and the list they filter, the failed-step filter, search, paging, the page refreshing by
 * itself without losing its filter, and a parked order redriven from its page once its fault is gone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SagaConsoleIT extends WithRunningApp {

    private static final List<String> COMPLETED = IntStream.rangeClosed(1, 27).mapToObj(n -> String.format("47000000-c%02d", n)).toList();
    private static final List<String> CANCELLED = List.of("3d000000-x1", "3d000000-x2");
    private static final List<String> REFUND_PARKED = List.of("22000000-p1", "22000000-p2");
    private static final List<String> RELEASE_PARKED = List.of("33000000-p3");

    private WebDriver browser;

    @Override
    protected Map<String, String> overrides() {
        return Map.of("saga.compensation.max-retries", "2", "saga.compensation.retry-delay-ms", "50");
    }

    @BeforeAll
    void seedOrdersAndOpenBrowser() throws Exception {
        List<String> all = new ArrayList<>(COMPLETED);
        all.addAll(CANCELLED);
        all.addAll(REFUND_PARKED);
        all.addAll(RELEASE_PARKED);
        all.forEach(orderId -> app.dropInInbox(orderId + ".json", OrderJson.order(orderId, "601", 1)));
        COMPLETED.forEach(orderId -> awaitStatus(orderId, "COMPLETED"));
        CANCELLED.forEach(orderId -> awaitStatus(orderId, "CANCELLED"));
        REFUND_PARKED.forEach(orderId -> awaitStatus(orderId, "COMPENSATION_FAILED"));
        RELEASE_PARKED.forEach(orderId -> awaitStatus(orderId, "COMPENSATION_FAILED"));
        browser = Chromium.open();
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    @Order(1)
    @DisplayName("counts per status, each a link (followed from the keyboard) to exactly its orders")
    void countsLinkToTheirOrders() throws Exception {
        browser.get(app.url(false) + "/");
        assertThat(count("COMPLETED")).isEqualTo(27);
        assertThat(count("CANCELLED")).isEqualTo(2);
        assertThat(count("COMPENSATION_FAILED")).isEqualTo(3);
        assertThat(count("IN_PROGRESS")).isZero();
        Chromium.screenshot(browser, "saga-console.png");

        browser.findElement(By.cssSelector("a[data-status=COMPENSATION_FAILED]")).sendKeys(Keys.ENTER);

        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("/?status=COMPENSATION_FAILED"));
        assertThat(listed()).containsExactlyInAnyOrder("22000000-p1", "22000000-p2", "33000000-p3");
        assertThat(browser.findElement(By.cssSelector("a[data-status=COMPENSATION_FAILED]")).getAttribute("aria-current")).isEqualTo("true");
        // the status is told in text, not by colour alone
        assertThat(browser.findElement(By.cssSelector("#orders tbody tr td:nth-child(2)")).getText()).contains("COMPENSATION_FAILED");
        assertThat(browser.findElement(By.cssSelector("#orders tr[data-order='33000000-p3'] td:nth-child(3)")).getText())
                .isEqualTo("ReleaseInventory");
    }

    @Test
    @Order(2)
    @DisplayName("filter by the step that gave up, and search by order id")
    void failedStepFilterAndSearch() {
        browser.get(app.url(false) + "/");
        new Select(browser.findElement(By.name("failed_step"))).selectByVisibleText("ProcessRefund");
        browser.findElement(By.name("q")).sendKeys(Keys.ENTER); // submits the form with the step chosen

        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("failed_step=ProcessRefund"));
        assertThat(listed()).containsExactlyInAnyOrderElementsOf(REFUND_PARKED);

        browser.get(app.url(false) + "/");
        browser.findElement(By.name("q")).sendKeys("3d000000-x2", Keys.ENTER);
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("q=3d000000-x2"));
        assertThat(listed()).containsExactly("3d000000-x2");

        browser.findElement(By.name("q")).clear();
        browser.findElement(By.name("q")).sendKeys("47000000-nobody", Keys.ENTER);
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("no-orders")).isEmpty());
    }

    @Test
    @Order(3)
    @DisplayName("newest first, 25 to a page: the next page holds the rest, none twice")
    void paging() {
        browser.get(app.url(false) + "/?status=COMPLETED");
        List<String> first = listed();
        assertThat(first).hasSize(25);
        assertThat(received()).isSortedAccordingTo(Comparator.reverseOrder());
        browser.findElement(By.cssSelector("a[rel=next]")).sendKeys(Keys.ENTER);
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("before="));
        List<String> second = listed();

        Set<String> both = new HashSet<>(first);
        both.addAll(second);
        assertThat(second).hasSize(2);
        assertThat(both).containsExactlyInAnyOrderElementsOf(COMPLETED);
        assertThat(browser.findElements(By.cssSelector("a[rel=next]"))).isEmpty();
    }

    @Test
    @Order(4)
    @DisplayName("the list refreshes by itself and keeps its filter: a new cancelled order shows up")
    void refreshesByItself() {
        browser.get(app.url(false) + "/?status=CANCELLED");
        String address = browser.getCurrentUrl();
        assertThat(listed()).containsExactlyInAnyOrderElementsOf(CANCELLED);

        app.dropInInbox("3d000000-x3.json", OrderJson.order("3d000000-x3", "601", 1));

        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() -> listed().contains("3d000000-x3"));
        assertThat(browser.getCurrentUrl()).isEqualTo(address);
        assertThat(listed()).containsExactlyInAnyOrder("3d000000-x1", "3d000000-x2", "3d000000-x3");
    }

    @Test
    @Order(5)
    @DisplayName("hostile addresses: a filter that means nothing is 400 with its reason, a search is shown escaped, never run as markup")
    void hostileAddresses() {
        Map<String, String> refused = Map.of(
                "/?status=NOPE", "status must be one of",
                "/?window=1y", "window must be one of",
                "/?failed_step=ProcessPayment", "failed_step must be one of",
                "/?status=COMPLETED&failed_step=ProcessRefund", "a failed step filters parked (COMPENSATION_FAILED) orders only",
                "/?before=yesterday", "before must be a time",
                "/?q=" + "x".repeat(201), "at most 200 characters");
        refused.forEach((address, reason) -> {
            HttpResponse<String> answer = app.get(address);
            assertThat(answer.statusCode()).as(address).isEqualTo(400);
            assertThat(answer.body()).as(address).contains(reason);
        });
        HttpResponse<String> search = app.get("/?q=%3Cscript%3Ealert(1)%3C/script%3E");
        assertThat(search.statusCode()).isEqualTo(200);
        assertThat(search.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;").containsOnlyOnce("<script>");
    }

    @Test
    @Order(6)
    @DisplayName("redrive from the page: refused from another site or from no page; from the page, once the fault is gone, CANCELLED with money and stock back")
    void redriveFromThePage() throws Exception {
        String parked = REFUND_PARKED.get(0);
        assertThat(postRedrive(parked, "http://evil.example").statusCode()).isEqualTo(403);
        assertThat(postRedrive(parked, null).statusCode()).isEqualTo(403);
        assertThat(status(parked)).isEqualTo("COMPENSATION_FAILED");
        assertThat(ledgerSum(parked)).isEqualByComparingTo("32.99");

        browser.get(app.url(false) + "/orders/" + parked);
        assertThat(browser.findElement(By.id("order-error")).getText()).isNotBlank();
        // its refund was retried twice (saga.compensation.max-retries) with backoff before it gave up
        assertThat(browser.findElement(By.cssSelector("#history tr[data-step=ProcessRefund] td.retries")).getText()).startsWith("2, waited 0.");
        assertThat(browser.findElement(By.id("retry-wait")).getText()).startsWith("of which waiting in retries 0.");
        app.bean(FaultInjector.class).setEnabled(false);
        int stockBefore = app.bean(InventoryRepository.class).stock("601").orElseThrow();
        try {
            browser.findElement(By.id("redrive")).sendKeys(Keys.ENTER);
            await().atMost(Duration.ofSeconds(30)).until(() -> browser.findElement(By.tagName("h1")).getText().contains("CANCELLED"));
        } finally {
            app.bean(FaultInjector.class).setEnabled(true);
        }
        assertThat(browser.getCurrentUrl()).endsWith("/orders/" + parked);
        assertThat(browser.findElements(By.id("redrive"))).isEmpty();
        // the retries stay with the run that had them: the redrive's refund succeeded at once
        assertThat(browser.findElements(By.cssSelector("#history tr[data-step=ProcessRefund]")))
                .extracting(row -> row.findElement(By.cssSelector("td:nth-child(2)")).getText() + " " + row.findElement(By.cssSelector("td.retries")).getText())
                .containsExactly("FAILED 2, waited " + retryWait(), "SUCCEEDED ");
        assertThat(status(parked)).isEqualTo("CANCELLED");
        assertThat(ledgerSum(parked)).isZero();
        // the refund was what had given up: the stock was released before it parked and stays as it was
        assertThat(app.bean(InventoryRepository.class).stock("601")).contains(stockBefore);
        assertThat(status(REFUND_PARKED.get(1))).isEqualTo("COMPENSATION_FAILED");
    }

    /** The wait in retries the page shows for the parked refund's run. */
    private String retryWait() {
        String shown = browser.findElement(By.id("retry-wait")).getText();
        return shown.substring(shown.lastIndexOf(' ', shown.length() - 3) + 1);
    }

    private long count(String status) {
        return Long.parseLong(browser.findElement(By.cssSelector("a[data-status=" + status + "] b")).getText().trim());
    }

    private List<String> listed() {
        return browser.findElements(By.cssSelector("#orders tbody tr")).stream().map(row -> row.getAttribute("data-order")).toList();
    }

    /** When each listed order was stored, as the page says it to the browser's script. */
    private List<String> received() {
        return browser.findElements(By.cssSelector("#orders tbody tr td:nth-child(5) time")).stream()
                .map(time -> time.getAttribute("datetime")).toList();
    }

    private HttpResponse<String> postRedrive(String orderId, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.url(false) + "/orders/" + orderId + "/redrive"))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (origin != null) {
            request.header("Origin", origin);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String status(String orderId) {
        return OrderJson.parse(app.get("/api/orders/" + orderId)).get("status").asText();
    }

    private BigDecimal ledgerSum(String orderId) {
        return app.bean(PaymentRepository.class).ledger(orderId).stream().map(PaymentEntry::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private void awaitStatus(String orderId, String status) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> status.equals(status(orderId)));
    }
}
