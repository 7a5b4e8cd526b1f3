package app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hawtio and the saga view in a real browser: Debian's chromium driven by its chromedriver (never a
 * downloaded browser). A missing browser fails these tests; .ci/run installs it. Screenshots go to target/.
 */
class BrowserTest extends RunningAppTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final HttpClient http = HttpClient.newHttpClient();
    private WebDriver browser;

    @BeforeAll
    void openBrowser() throws Exception {
        assertThat(CHROMIUM).as("chromium (apt-get install chromium)").exists();
        assertThat(CHROMEDRIVER).as("chromedriver (apt-get install chromium-driver)").exists();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1400,900",
                "--user-data-dir=" + Files.createTempDirectory("chromium"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    @DisplayName("Hawtio lists the saga routes, and its Jolokia sees their counters rise")
    void hawtioShowsTheSagaRoutes() throws Exception {
        browser.get(app.url(true) + "/hawtio/camel/routes");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> browser.getPageSource().contains("payment-debit"));
        assertThat(browser.getPageSource()).contains("order-process", "payment-debit", "inventory-reserve", "order-saga");
        screenshot("hawtio-routes.png");

        long before = completed("payment-debit");
        app.dropInInbox("hawtio.json", OrderJson.order("47000000-hawtio", "901", 1));
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> completed("payment-debit") > before);
    }

    @Test
    @DisplayName("the saga view draws a completed and a compensated order")
    void sagaViewDrawsBothPaths() throws Exception {
        app.dropInInbox("done.json", OrderJson.order("47000000-drawn", "902", 1));
        app.dropInInbox("undone.json", OrderJson.order("3c000000-drawn", "902", 1));
        for (String orderId : List.of("47000000-drawn", "3c000000-drawn")) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> app.get("/orders/" + orderId).body().contains("SagaC"));
        }

        assertThat(drawn("47000000-drawn")).containsEntry("ProcessOrder", "SUCCEEDED").containsEntry("ReserveInventory", "SUCCEEDED")
                .containsEntry("ConfirmInventory", "SUCCEEDED").containsEntry("CompleteOrder", "SUCCEEDED")
                .containsEntry("ReleaseInventory", "NOT_RUN");
        screenshot("saga-view-completed.png");
        assertThat(drawn("3c000000-drawn")).containsEntry("ReserveInventory", "FAILED").containsEntry("ReleaseInventory", "SUCCEEDED")
                .containsEntry("ProcessRefund", "SUCCEEDED").containsEntry("UpdateOrderStatus", "SUCCEEDED")
                .containsEntry("CompleteOrder", "NOT_RUN");
        screenshot("saga-view-compensated.png");

        browser.get(app.url(false) + "/");
        assertThat(browser.findElement(By.linkText("3c000000-drawn")).getAttribute("href")).endsWith("/orders/3c000000-drawn");
    }

    /** Step name to outcome, as the browser renders the order's SVG. */
    private Map<String, String> drawn(String orderId) {
        browser.get(app.url(false) + "/orders/" + orderId);
        List<WebElement> steps = browser.findElements(By.cssSelector("svg g.step"));
        assertThat(steps).hasSize(9);
        return steps.stream().collect(Collectors.toMap(
                step -> step.getAttribute("data-step"), step -> step.getAttribute("data-outcome")));
    }

    /** A route's completed exchanges, read through Hawtio's own Jolokia endpoint. */
    private long completed(String routeId) throws Exception {
        URI read = URI.create(app.url(true) + "/hawtio/jolokia/read/org.apache.camel:context=order-saga,type=routes,name=%22"
                + routeId + "%22/ExchangesCompleted");
        return OrderJson.parse(http.send(HttpRequest.newBuilder(read).build(), HttpResponse.BodyHandlers.ofString()))
                .get("value").asLong();
    }

    private void screenshot(String name) throws Exception {
        Path target = Path.of("target", name);
        Files.write(target, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
