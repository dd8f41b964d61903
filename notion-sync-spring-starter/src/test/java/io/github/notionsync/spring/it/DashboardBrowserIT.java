package io.github.notionsync.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.notionsync.testkit.emulator.EmulatedPage;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dashboard in a real browser: Debian's headless Chromium driven by Selenium through
 * {@code /usr/bin/chromedriver} (nothing downloaded). The page renders with data and charts,
 * "Sync now" (pressed from the keyboard) syncs and its row updates live, and an edit in Notion
 * synced by another client shows up without a reload. Saves a screenshot under
 * {@code target/dashboard-screenshots/} on every run. Skipped where Chromium or its driver is
 * missing ({@code .ci/run} installs them).
 */
@SpringBootTest(classes = DemoNotion.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "notion.sync.security.mode=LOCAL",
            "notion.sync.security.local-user-id=" + DemoNotion.USER,
            "notion.sync.schedule.sync.enabled=false",
            "notion.sync.events.heartbeat=2s"
        })
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final DemoNotion notion = DemoNotion.start();

    private static ChromeDriver browser;
    private static Path profile;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        notion.registerPropertiesConnection(registry);
    }

    @LocalServerPort
    int port;

    @BeforeAll
    static void openBrowser() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                        + "): apt-get install -y chromium chromium-driver; .ci/run installs them");
        profile = Files.createTempDirectory("notion-sync-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Without the background-networking switches Chromium keeps calling home on a closed network.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--no-default-browser-check", "--window-size=1400,1800",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // The driver's path is given, so Selenium Manager is never asked to find or fetch one.
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(WAIT);
    }

    @AfterAll
    static void closeBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            org.springframework.util.FileSystemUtils.deleteRecursively(profile);
        }
    }

    @Test
    @Order(1)
    void rendersTheDatabasesWithDataAndCharts() throws Exception {
        assertThat(post("{}").statusCode()).isEqualTo(200);
        open();
        List<WebElement> rows = browser.findElements(By.cssSelector("#databases tbody tr"));
        assertThat(rows).hasSize(4);
        WebElement worlds = row(notion.demo.worlds().id());
        assertThat(cell(worlds, "pages").getText())
                .isEqualTo(String.valueOf(notion.demo.worlds().dataSource().pageCount()));
        assertThat(cell(worlds, "outcome").getText()).isEqualTo("SUCCESS");
        assertThat(worlds.findElements(By.tagName("button"))).extracting(WebElement::getText)
                .containsExactly("Sync now", "Full pass");

        // Charts of the last 24 hours, then of the last 7 days: canvases drawn by uPlot from the stats.
        await(d -> "24h".equals(d.findElement(By.tagName("body")).getAttribute("data-charts")));
        for (String chart : List.of("pages", "requests", "durations", "errors")) {
            WebElement el = browser.findElement(By.id("chart-" + chart));
            assertThat(el.findElements(By.tagName("canvas"))).as(chart).isNotEmpty();
            assertThat(el.getAttribute("data-points")).isEqualTo("24");
        }
        browser.findElement(By.xpath("//button[text()='Last 7 days']")).click();
        await(d -> "7".equals(d.findElement(By.id("chart-pages")).getAttribute("data-points")));
        assertThat(browser.findElement(By.xpath("//button[text()='Last 7 days']")).getAttribute("aria-pressed"))
                .isEqualTo("true");
        screenshot("dashboard.png");
        assertThat(severeBrowserLogs()).as("no script errors or CSP violations").isEmpty();
    }

    @Test
    @Order(2)
    void syncNowFromTheKeyboardSyncsAndTheRowUpdatesLive() throws Exception {
        open();
        markPage();
        WebElement worlds = row(notion.demo.worlds().id());
        int before = Integer.parseInt(cell(worlds, "pages").getText());
        notion.notion.clock().advance(Duration.ofMinutes(1));
        notion.demo.worlds().addPage(Map.of("Name", "Discworld"));

        WebElement syncNow = worlds.findElement(By.xpath(".//button[text()='Sync now']"));
        syncNow.sendKeys(Keys.ENTER);
        await(d -> cell(row(notion.demo.worlds().id()), "pages").getText().equals(String.valueOf(before + 1)));
        await(d -> cell(row(notion.demo.worlds().id()), "progress").getText().startsWith("Done: 1 new"));
        assertThat(cell(row(notion.demo.worlds().id()), "outcome").getText()).isEqualTo("SUCCESS");
        await(d -> browser.findElement(By.id("live")).getText().startsWith("Synced Worlds"));
        assertThat(pageWasNotReloaded()).isTrue();
    }

    @Test
    @Order(3)
    void anEditInNotionSyncedElsewhereAppearsWithoutReload() throws Exception {
        open();
        markPage();
        String aragorn = DemoNotion.value(notion.dataSource(), "SELECT notion_page_id FROM notion_characters_sync"
                + " WHERE user_id = ? AND name = 'Aragorn'", DemoNotion.USER);
        EmulatedPage edited = notion.editLater(aragorn, "Name", "Aragorn Elessar");
        assertThat(edited.title()).isEqualTo("Aragorn Elessar");
        // Another client (here the REST endpoint; the schedule, SQL or another instance alike) syncs.
        assertThat(post("{\"database_name\": \"Characters\"}").statusCode()).isEqualTo(200);
        String characters = notion.demo.characters().id();
        await(d -> cell(row(characters), "progress").getText().contains("updated “Aragorn Elessar”")
                || cell(row(characters), "progress").getText().startsWith("Done: 0 new, 1 changed"));
        await(d -> cell(row(characters), "progress").getText().startsWith("Done: 0 new, 1 changed"));

        // The search box finds the new name, also without a reload.
        WebElement q = browser.findElement(By.id("q"));
        q.sendKeys("Elessar", Keys.ENTER);
        await(d -> !d.findElements(By.cssSelector("#results ol.hits li a")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("#results ol.hits li a")).getText()).isEqualTo("Aragorn Elessar");
        assertThat(pageWasNotReloaded()).isTrue();
        screenshot("dashboard-after-edit.png");
    }

    private void open() {
        browser.get("http://localhost:" + port + "/notion-sync");
        await(d -> "on".equals(d.findElement(By.tagName("body")).getAttribute("data-live")));
    }

    /** Marks the page's window: a reload would lose the mark. */
    private static void markPage() {
        browser.executeScript("window.notionSyncTestMark = 'still here';");
    }

    private static boolean pageWasNotReloaded() {
        return "still here".equals(((JavascriptExecutor) browser).executeScript("return window.notionSyncTestMark"));
    }

    private static WebElement row(String databaseId) {
        return browser.findElement(By.cssSelector("#databases tr[data-database-id='" + databaseId + "']"));
    }

    private static WebElement cell(WebElement row, String field) {
        return row.findElement(By.cssSelector("[data-field='" + field + "']"));
    }

    private static void await(java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition) {
        new WebDriverWait(browser, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition::apply);
    }

    private static List<String> severeBrowserLogs() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage)
                .toList();
    }

    private static void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.createDirectories(SCREENSHOTS);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private HttpResponse<String> post(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/notion/sync-to-postgres"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
