package org.fleetstreams.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.common.testing.Waits.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.Topics;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.fleetstreams.serve.FleetServer;
import picocli.CommandLine;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver; .ci/run installs them) during a
 * demo run on data/sample: the fleet view lists every ride and draws its track, an alert appears, a ride's charts
 * have data points. Screenshots go to target/screenshots/, or with {@code -Dscreenshots.dir=../docs/images} where the
 * README and docs/dashboard.md show them. Bounded: the browser waits at most 60 s for anything. The demo loops its 2
 * minutes of data at 5x ({@code --keep-running}) until the browser is done, then is stopped as with Ctrl-C: a demo that ended by itself after one pass could close its server while a
 * slow machine's browser was still at work (a likely cause of one CI failure, "Failed to fetch" on the page).
 */
class DashboardBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** target/screenshots; the docs' pictures are refreshed with {@code -Dscreenshots.dir=../docs/images}. */
    private static final Path IMAGES = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));

    /** Chromium is there (on CI it must be: .ci/run installs it; elsewhere the test is skipped without it). */
    private static void requireChromium() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(installed, "needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)");
        }
        assertThat(installed).as("chromium and chromedriver installed (.ci/run installs them)").isTrue();
    }

    private static ChromeDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1150", "--hide-scrollbars");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        return new ChromeDriver(service, options);
    }

    /**
     * An app still connecting to Kafka (its HTTP side up, no Kafka Streams client yet): the page says STARTING and
     * why the fleet is not there. Before, the status answer lacked the figures the page reads, and it showed a
     * script error instead.
     */
    @Test
    void theDashboardOfAnAppStillConnectingToKafkaSaysSo() throws Exception {
        requireChromium();
        try (FleetServer server = FleetServer.bind("localhost", 0).serveWhileStarting()) {
            ChromeDriver browser = browser();
            try {
                browser.get(server.url());
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
                wait.until(d -> "STARTING".equals(browser.findElement(By.id("state")).getText()));
                wait.until(d -> browser.findElement(By.id("error")).getText().contains("starting"));
                assertThat(browser.findElement(By.id("error")).getText()).doesNotContain("undefined");
            } finally {
                browser.quit();
            }
        }
    }

    @Test
    void theDashboardShowsTheFleetAnAlertAndARidesChartsDuringADemo() throws Exception {
        requireChromium();

        UrlWatcher out = new UrlWatcher();
        DemoCommand command = new DemoCommand(new PrintStream(out, true, StandardCharsets.UTF_8));
        CompletableFuture<Integer> demo = CompletableFuture.supplyAsync(() -> new CommandLine(command).execute("--data",
                Path.of("..", "data", "sample").toString(), "--broker-port", "0", "--http-port", "0", "--speed", "5",
                "--no-warm-up", "--keep-running"));
        try {
            String url = out.awaitUrl(Duration.ofSeconds(90));

            ChromeDriver browser = browser();
            try {
                browser.get(url);
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
                JavascriptExecutor js = browser;

                // fleet view: every ride listed and drawn, an alert in the list, the header clock running
                wait.until(d -> browser.findElements(By.cssSelector("#rides tr.ride-row")).size() == 20);
                wait.until(d -> !browser.findElements(By.cssSelector("#alerts li")).isEmpty());
                wait.until(d -> ((Number) js.executeScript("return window.dashboard.drawnTracks || 0")).intValue() >= 20);
                assertThat(browser.findElement(By.id("clock")).getText()).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d");
                assertThat(js.executeScript("return [...document.querySelectorAll('#rides .dot')]"
                        + ".filter(d => d.getBoundingClientRect().width > 0 && getComputedStyle(d).backgroundColor !== 'rgba(0, 0, 0, 0)').length"))
                        .as("every row's state dot is drawn").isEqualTo(20L);
                Thread.sleep(1500); // a few more alerts on the map for the picture
                screenshot(browser, "dashboard-fleet.png");

                // a ride id is whatever a producer wrote: markup in it stays text, and its link still opens its ride
                long clock = ((Number) js.executeScript("return window.dashboard.clock")).longValue();
                publishFixes(out.bootstrapServers(), HOSTILE_RIDE, clock);
                wait.until(d -> (Boolean) js.executeScript(
                        "return [...document.querySelectorAll('#rides tr.ride-row')].some(r => r.dataset.ride === arguments[0])",
                        HOSTILE_RIDE));
                assertThat(js.executeScript("return window.__xss === undefined && document.querySelectorAll('#rides img').length === 0"))
                        .as("markup in a ride id is not run").isEqualTo(true);
                assertThat(js.executeScript(CLICK_FIRST_LINK, "#rides tr.ride-row", HOSTILE_RIDE)).as("the link of the ride's row")
                        .isEqualTo(List.of(HOSTILE_RIDE.substring(0, 8), HOSTILE_RIDE));
                wait.until(d -> HOSTILE_RIDE.equals(js.executeScript(
                        "const s = window.dashboard; return s.rideAnswer ? s.rideAnswer.ride_id : null")));
                assertThat(browser.findElement(By.id("ride-id")).getText()).isEqualTo(HOSTILE_RIDE);
                assertThat(js.executeScript("return window.__xss === undefined")).isEqualTo(true);
                js.executeScript("location.hash = ''");

                // a ride that is not there: its 404 is shown, and the fleet, the lists and the status go on updating
                js.executeScript("location.hash = '#ride/no-such-ride'");
                wait.until(d -> browser.findElement(By.id("error")).getText().contains("404"));
                long draws = ((Number) js.executeScript("return window.dashboard.fleetDraws")).longValue();
                wait.until(d -> ((Number) js.executeScript("return window.dashboard.fleetDraws")).longValue() >= draws + 2);
                assertThat(browser.findElement(By.id("error")).getText()).contains("404");
                js.executeScript("location.hash = ''");
                wait.until(d -> browser.findElement(By.id("error")).getText().isEmpty());

                // ride view of the ride of the latest alert: both charts have points, the alert is a row
                List<?> clicked = (List<?>) js.executeScript(CLICK_FIRST_LINK, "#alerts li", null);
                assertThat(clicked).as("the latest alert's link").isNotNull();
                String alertRide = (String) clicked.get(1);
                wait.until(d -> alertRide.equals(js.executeScript(
                        "const s = window.dashboard; return s.rideAnswer ? s.rideAnswer.ride_id : null")));
                wait.until(d -> ((Number) js.executeScript("const s = window.dashboard; return s.rideAnswer ? s.rideAnswer.overview.track.length : 0")).intValue() > 5);
                wait.until(d -> ((Number) js.executeScript("return document.querySelectorAll('#speed-chart canvas, #accel-chart canvas').length")).intValue() == 2);
                wait.until(d -> !browser.findElements(By.cssSelector("#ride-alerts tbody tr")).isEmpty());
                long speedPoints = ((Number) js.executeScript(
                        "return window.dashboard.rideAnswer.overview.track.filter(p => p[3] !== null).length")).longValue();
                assertThat(speedPoints).isGreaterThan(5);
                assertThat(browser.findElement(By.id("detector")).getText()).startsWith("detector:");
                // the threshold line is the detector's own, as the answer gives it
                assertThat(browser.findElement(By.id("accel-chart")).getText())
                        .contains("threshold −" + js.executeScript("return window.dashboard.rideAnswer.detector.enter_g")
                                + " g (braking.enter.g)");
                Thread.sleep(1200);
                screenshot(browser, "dashboard-ride.png");
                // back to the fleet after moving the map in a ride's view: the fleet view follows the fleet again
                js.executeScript("document.getElementById('map').dispatchEvent(new WheelEvent('wheel', {bubbles: true, deltaY: 100}))");
                assertThat(js.executeScript("return window.dashboard.userMoved")).isEqualTo(true);
                js.executeScript("location.hash = ''");
                long fleetDraws = ((Number) js.executeScript("return window.dashboard.fleetDraws")).longValue();
                wait.until(d -> ((Number) js.executeScript("return window.dashboard.fleetDraws")).longValue() >= fleetDraws + 2);
                assertThat(js.executeScript("return window.dashboard.userMoved")).as("the fleet view follows the fleet")
                        .isEqualTo(false);
                // a fetch that failed in passing (a loaded machine) is shown until the next refresh, a second later
                wait.until(d -> browser.findElement(By.id("error")).getText().isEmpty());
                assertThat(demo).as("the demo still serving the page").isNotDone();
            } finally {
                browser.quit();
            }
        } finally {
            command.requestStop(); // whatever failed: a looping demo must not load the rest of the test run
        }
        assertThat(demo.get(180, TimeUnit.SECONDS)).as(out.toString()).isZero();
    }

    /**
     * Clicks the link in the first element matching {@code arguments[0]} (with {@code data-ride} equal to
     * {@code arguments[1]} unless that is null) and returns the link's text and the ride it opens, or null when there
     * is none. In the page, in one go: the lists are redrawn every second, and WebDriver's click, which clicks where it found the element,
     * could land on whatever a redraw had put there, such as another ride's row.
     */
    private static final String CLICK_FIRST_LINK = """
            const match = [...document.querySelectorAll(arguments[0])].find(e => arguments[1] === null || e.dataset.ride === arguments[1]);
            const a = match ? match.querySelector('a') : null;
            if (!a) return null;
            a.click();
            return [a.textContent, decodeURIComponent(a.getAttribute('href').substring('#ride/'.length))];""";

    /** Markup, quotes, an ampersand and a stray '%' (which a bare decodeURIComponent refuses). */
    private static final String HOSTILE_RIDE = "<img src=x onerror=\"window.__xss=1\">'&%zz";

    /** Two GPS fixes of {@code ride} at {@code clockMs} (the fleet's newest time) and a second later, keyed by the ride. */
    private static void publishFixes(String bootstrap, String ride, long clockMs) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (var producer = new KafkaProducer<String, byte[]>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (int k = 0; k < 2; k++) {
                var fix = new LocationFix(100.0 + k, null, ride, null, 90.0, 40.70 + k * 0.0001,
                        -73.99, null, 8.0, 5.0, clockMs + k * 1000L);
                producer.send(new ProducerRecord<>(Topics.withPrefix(Topics.DEFAULT_PREFIX).locations(),
                        ride, FleetSerdes.locationFix().toBytes(fix))).get();
            }
        }
    }

    private static void screenshot(ChromeDriver browser, String name) throws IOException {
        Files.createDirectories(IMAGES);
        Files.write(IMAGES.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }

    /** The demo's console, watched for the "Dashboard: URL" line. */
    private static final class UrlWatcher extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private static final Pattern URL = Pattern.compile("Dashboard: (http://\\S+)");
        // the address alone: the line goes on with ", its data in memory" or ", its data on disk (why)"
        private static final Pattern KAFKA = Pattern.compile("in this process at ([^\\s,]+)");

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        String awaitUrl(Duration timeout) {
            try {
                return await("the demo's dashboard URL").atMost(timeout).pollInterval(Duration.ofMillis(200))
                        .until(() -> URL.matcher(toString()), Matcher::find).group(1);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("the demo printed no dashboard URL: " + this, e);
            }
        }

        String bootstrapServers() {
            Matcher m = KAFKA.matcher(toString());
            if (!m.find()) {
                throw new AssertionError("the demo did not say where its broker is: " + this);
            }
            return m.group(1);
        }

        @Override
        public synchronized String toString() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
