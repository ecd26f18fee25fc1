package io.dsbench.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Opens reports in a real headless Chromium (Debian's {@code chromium}, driven through Debian's
 * {@code chromium-driver}; never a downloaded browser or driver) and checks what a reader would: no console or
 * script errors, every chart drawn, one matrix row per rule, the filters, every in-page link has a target. Saves
 * screenshots to {@code target/report-screenshots/}. Fails (never skips) when Chromium is missing: install with
 * {@code apt-get install -y chromium chromium-driver} ({@code scripts/test.sh} does it as root).
 */
class ReportInBrowserIT {
    static final Path CHROMIUM = Path.of(System.getProperty("dsbench.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver"));
    /** Records script errors, console.error calls and blocked loads (CSP) from the first line of every page. */
    static final String ERROR_CATCHER = "window.__errors = [];"
            + "window.addEventListener('error', function (e) { window.__errors.push('error: ' + e.message); });"
            + "window.addEventListener('securitypolicyviolation', function (e) {"
            + "  window.__errors.push('blocked: ' + e.blockedURI + ' (' + e.violatedDirective + ')'); });"
            + "var __ce = console.error; console.error = function () {"
            + "  window.__errors.push('console.error: ' + Array.prototype.join.call(arguments, ' '));"
            + "  return __ce.apply(console, arguments); };";

    /** Selenium warns that it has no CDP bindings for this Chromium; only chromedriver's own CDP endpoint is used. */
    static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools");

    static ChromeDriver driver;
    static Path shots = Path.of("target", "report-screenshots");

    @TempDir
    static Path tmp;

    @BeforeAll
    static void startBrowser() throws Exception {
        QUIET.setLevel(java.util.logging.Level.SEVERE);
        assertThat(CHROMIUM).as("Chromium is needed for this test: apt-get install -y chromium chromium-driver"
                + " (scripts/test.sh installs them as root)").isExecutable();
        assertThat(DRIVER).as("chromedriver is needed for this test: apt-get install -y chromium-driver"
                + " (scripts/test.sh installs it as root)").isExecutable();
        System.setProperty("webdriver.chrome.driver", DRIVER.toString()); // Selenium Manager never downloads one
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--hide-scrollbars", "--force-device-scale-factor=1");
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", ERROR_CATCHER));
        Files.createDirectories(shots);
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void fullReportDrawsEveryChartAndFiltersTheMatrix() throws Exception {
        Path run = Fixtures.fullRun(tmp.resolve("review-1"));
        Path index = ReportWriter.write(run).index();
        open(index);
        assertNoErrors();

        // every chart drawn: visible, with at least one series element of non-zero size
        List<?> charts = (List<?>) js("return Array.from(document.querySelectorAll('svg.chart')).map(function (s) {"
                + " var r = s.getBoundingClientRect();"
                + " var drawn = Array.from(s.querySelectorAll('.series')).filter(function (e) {"
                + "   var b = e.getBBox(); return b.width > 0 || b.height > 0; }).length;"
                + " return [s.getAttribute('aria-label'), r.width, r.height, drawn]; });");
        // every chart of the file is in the page: throughput, latency, scaling (2), sweep, baselines, overheads,
        // chaos phases, sharding (2)
        assertThat(charts).hasSize(ReportWriterTest.count(Files.readString(index), "<svg class=\"chart\""))
                .hasSizeGreaterThanOrEqualTo(10);
        for (Object c : charts) {
            List<?> chart = (List<?>) c;
            assertThat(((Number) chart.get(1)).doubleValue()).as("width of %s", chart.get(0)).isGreaterThan(100);
            assertThat(((Number) chart.get(2)).doubleValue()).as("height of %s", chart.get(0)).isGreaterThan(100);
            assertThat(((Number) chart.get(3)).intValue()).as("series drawn in %s", chart.get(0)).isPositive();
        }

        // one row per rule of the fixture
        Set<String> rules = new TreeSet<>();
        Map<String, String> redis = new java.util.HashMap<>();
        for (var n : Json.elements(Json.MAPPER.readTree(run.resolve("conformance.json").toFile()).get("results"))) {
            rules.add(Json.text(n, "rule"));
            if ("redis".equals(Json.text(n, "backend"))) {
                redis.put(Json.text(n, "rule"), Json.text(n, "outcome"));
            }
        }
        assertThat(visibleRules()).hasSize(rules.size());

        // filters: only redis, only failed -> exactly the rules redis failed
        for (WebElement box : driver.findElements(By.cssSelector("#matrix-filters .f-backend"))) {
            if (!box.getAttribute("value").equals("redis")) {
                box.click();
            }
        }
        chooseOutcome("failed");
        assertThat(visibleRules()).containsExactlyInAnyOrderElementsOf(redis.entrySet().stream()
                .filter(e -> e.getValue().equals("failed")).map(Map.Entry::getKey).toList());
        assertThat(driver.findElement(By.cssSelector("#matrix th[data-backend='etcd']")).isDisplayed()).isFalse();
        assertThat(driver.findElement(By.cssSelector("#matrix th[data-backend='redis']")).isDisplayed()).isTrue();
        chooseOutcome("not-passed");
        assertThat(visibleRules()).containsExactlyInAnyOrderElementsOf(redis.entrySet().stream()
                .filter(e -> !e.getValue().equals("passed")).map(Map.Entry::getKey).toList());
        shoot("matrix-filtered", "#conformance");
        chooseOutcome("");
        for (WebElement box : driver.findElements(By.cssSelector("#matrix-filters .f-backend"))) {
            if (!box.isSelected()) {
                box.click();
            }
        }
        assertThat(visibleRules()).hasSize(rules.size());

        // every in-page link has its target
        List<?> dangling = (List<?>) js("return Array.from(document.querySelectorAll('a[href^=\"#\"]'))"
                + ".map(function (a) { return a.getAttribute('href').substring(1); })"
                + ".filter(function (id) { return !document.getElementById(id); });");
        assertThat(dangling).isEmpty();
        assertNoErrors();
        fullPage("report-full");
        shoot("conclusions", "#conclusions");
        shoot("performance", "#performance");
    }

    @Test
    void theErrorCheckSeesAPageThatBreaks() throws Exception {
        Path page = tmp.resolve("broken.html");
        Files.writeString(page, "<!DOCTYPE html><html><body><script>noSuchFunction();</script>"
                + "<script>console.error('drawn badly');</script></body></html>");
        open(page);
        assertThat(String.join("\n", errors())).contains("noSuchFunction").contains("drawn badly");
    }

    @Test
    void tradeoffsTableShowsEveryRowWithBothSidesAndItsLinkReachesIt() throws Exception {
        Path run = Fixtures.fullRun(tmp.resolve("with-tradeoffs"));
        Fixtures.write(run.resolve("tradeoffs.json"), TradeoffsSectionTest.fixture());
        open(ReportWriter.write(run).index());
        assertNoErrors();
        int rows = TradeoffsSectionTest.fixture().get("rows").size();
        // each row visible, with at least one figure (or the reason there is none) on each side
        List<?> cells = (List<?>) js("return Array.from(document.querySelectorAll('#tradeoffs-table tbody tr'))"
                + ".map(function (tr) { return [tr.id, tr.offsetHeight,"
                + " tr.querySelectorAll('td[data-side=advantage] li.fig').length,"
                + " tr.querySelectorAll('td[data-side=disadvantage] li.fig').length]; });");
        assertThat(cells).hasSize(rows);
        for (Object c : cells) {
            List<?> row = (List<?>) c;
            assertThat(((Number) row.get(1)).intValue()).as("height of %s", row.get(0)).isPositive();
            assertThat(((Number) row.get(2)).intValue()).as("advantage figures of %s", row.get(0)).isPositive();
            assertThat(((Number) row.get(3)).intValue()).as("disadvantage figures of %s", row.get(0)).isPositive();
        }
        driver.findElement(By.cssSelector("nav a[href='#tradeoffs']")).click();
        assertThat(driver.findElement(By.id("tradeoffs-table")).isDisplayed()).isTrue();
        assertNoErrors();
        shoot("tradeoffs", "#tradeoffs");
    }

    @Test
    void partialRunIsReadableToo() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("partial"));
        Fixtures.conformance(run);
        Files.writeString(run.resolve("bench.json"), "{ not json");
        open(ReportWriter.write(run).index());
        assertNoErrors();
        assertThat(driver.findElement(By.id("problems")).getText()).contains("bench.json").contains("malformed JSON");
        assertThat(visibleRules()).isNotEmpty();
        shoot("partial", "body");
    }

    /** Picks an option of the outcome filter as a user would (a click on it). */
    private static void chooseOutcome(String value) {
        driver.findElement(By.cssSelector("#f-outcome option[value='" + value + "']")).click();
    }

    private static void open(Path index) {
        driver.get(index.toUri().toString());
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private static void assertNoErrors() {
        assertThat(errors()).as("errors in the browser console").isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static List<String> errors() {
        List<String> errors = new ArrayList<>((List<String>) js("return window.__errors || ['the error catcher did"
                + " not run'];"));
        try {
            driver.manage().logs().get("browser").getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                    .forEach(e -> errors.add("console: " + e.getMessage()));
        } catch (RuntimeException unsupported) {
            // the log endpoint is a chromedriver extension; the page's own catcher above still sees every error
        }
        return errors;
    }

    @SuppressWarnings("unchecked")
    private static List<String> visibleRules() {
        return (List<String>) js("return Array.from(document.querySelectorAll('#matrix tr.rule-row'))"
                + ".filter(function (r) { return r.offsetParent !== null; })"
                + ".map(function (r) { return r.getAttribute('data-rule'); });");
    }

    private static void shoot(String name, String css) throws Exception {
        byte[] png = driver.findElement(By.cssSelector(css)).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
        Files.write(shots.resolve(name + ".png"), png);
    }

    private static void fullPage(String name) throws Exception {
        Map<String, Object> r = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true));
        Files.write(shots.resolve(name + ".png"), Base64.getDecoder().decode((String) r.get("data")));
    }
}
