package app;

import console.ConsoleUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hawtio and the saga console's drawing in a real browser (Debian's chromium, see {@link Chromium}).
 */
class BrowserIT extends WithRunningApp {

    private static final By LOGIN_ERROR = By.cssSelector("form .pf-v5-c-helper-text__item.pf-m-error");
    private static final By ROUTES_FOLDER = By.xpath("//div[@id='camel-tree-view']//button[normalize-space()='routes']");

    private final ConsoleUser admin = ConsoleUser.withRole("ada", "admin");
    private WebDriver browser;

    /** Hawtio's login on (on loopback), as a user would turn it on. */
    @Override
    protected Map<String, String> overrides() {
        try {
            return Map.of("console.authentication-enabled", "true",
                    "users.file", ConsoleUser.usersFile(Files.createTempDirectory("console"), admin).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    void openBrowser() throws Exception {
        browser = Chromium.open();
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    @DisplayName("Hawtio: log in on its login page, open the Camel routes table, and see the saga routes' counters rise")
    void hawtioShowsTheSagaRoutesCounting() throws Exception {
        browser.get(app.url(true) + "/hawtio/camel/routes");
        logIn(admin.name(), admin.password() + "x");
        await().atMost(Duration.ofSeconds(30)).until(() -> !browser.findElements(LOGIN_ERROR).isEmpty());
        assertThat(browser.findElement(LOGIN_ERROR).getText()).contains("Invalid login credentials");
        logIn(admin.name(), admin.password());
        await().atMost(Duration.ofSeconds(30)).until(() -> !browser.getCurrentUrl().endsWith("/login"));

        browser.get(app.url(true) + "/hawtio/camel/routes");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> browser.findElement(ROUTES_FOLDER), WebElement::isDisplayed).click();
        List<String> sagaRoutes = List.of("order-process", "payment-debit", "inventory-reserve");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> assertThat(
                browser.findElements(By.cssSelector("#camel-routes-table td[data-label=Name]"))).extracting(WebElement::getText)
                .containsAll(sagaRoutes).contains("order-saga"));
        Map<String, Counters> before = sagaRoutes.stream().collect(Collectors.toMap(route -> route, this::counters));
        screenshot("hawtio-routes.png");

        app.dropInInbox("hawtio.json", OrderJson.order("47000000-hawtio", "901", 1));

        // the page polls Hawtio's Jolokia: the same table, not reloaded, shows the new counts
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> assertThat(sagaRoutes).allSatisfy(route -> {
            Counters now = counters(route);
            assertThat(now.completed()).as(route + " completed").isGreaterThan(before.get(route).completed());
            assertThat(now.total()).as(route + " total").isGreaterThan(before.get(route).total());
        }));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", row("payment-debit"));
        screenshot("hawtio-routes-counted.png");
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

    /**
     * Fills in Hawtio's login form and submits it. The form is a React form that can still be
     * re-rendering (after a refusal it resets its fields), which can eat or keep characters: type
     * until both fields hold exactly the text typed, and only then submit.
     */
    private void logIn(String name, String password) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            WebElement user = browser.findElement(By.id("pf-login-username-id"));
            WebElement secret = browser.findElement(By.id("pf-login-password-id"));
            retype(user, name);
            retype(secret, password);
            return user.isDisplayed() && name.equals(user.getDomProperty("value")) && password.equals(secret.getDomProperty("value"));
        });
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
    }

    /** Replaces a field's text with keystrokes (select all, delete, type), which a React form sees, unlike clear(). */
    private static void retype(WebElement field, String text) {
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        field.sendKeys(text);
    }

    /** The Completed and Total cells of a route's row in Hawtio's Camel routes table, as the page shows them. */
    private Counters counters(String routeId) {
        WebElement row = row(routeId);
        return new Counters(Long.parseLong(row.findElement(By.cssSelector("td[data-label=Completed]")).getText().trim()),
                Long.parseLong(row.findElement(By.cssSelector("td[data-label=Total]")).getText().trim()));
    }

    private WebElement row(String routeId) {
        return browser.findElement(By.xpath("//table[@id='camel-routes-table']//tr[td[@data-label='Name'][normalize-space()='" + routeId + "']]"));
    }

    private record Counters(long completed, long total) {
    }

    private void screenshot(String name) throws Exception {
        Chromium.screenshot(browser, name);
    }
}
