package org.fleetstreams.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.fleetstreams.serve.FleetServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard's own logic in a real headless Chromium, on answers the test chooses: the page comes from the app's
 * server (still starting, no Kafka), and the page's {@code fetch} is replaced by one that answers from a table. What
 * the real answers look like during a demo is {@link DashboardBrowserTest}'s part; here the fleets are the awkward ones
 * a real fleet can send: one point, a phone years ahead, an alert at 0°, 0°. The browser runs in New York's time zone,
 * so that a chart drawn in the browser's zone instead of UTC shows.
 */
class DashboardPageTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 2017-08-28T14:03:22Z: 10:03:22 in New York. */
    private static final long T = 1_503_929_002_000L;

    private static FleetServer server;
    private static ChromeDriver browser;
    private static JavascriptExecutor js;
    private static WebDriverWait wait;

    @BeforeAll
    static void openTheBrowser() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(installed, "needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)");
        }
        assertThat(installed).as("chromium and chromedriver installed (.ci/run installs them)").isTrue();
        server = FleetServer.bind("localhost", 0).serveWhileStarting();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1150");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .withEnvironment(Map.of("TZ", "America/New_York")).build();
        browser = new ChromeDriver(service, options);
        js = browser;
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterAll
    static void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void freshPage() {
        browser.get(server.url());
        wait.until(d -> js.executeScript("return window.dashboard !== undefined"));
    }

    /** The page's fetch answers from {@code answers}: path prefix to {status, body}; a path none matches gets a 404. */
    private static void answer(Map<String, Object> answers) throws Exception {
        js.executeScript("""
                window.__answers = JSON.parse(arguments[0]);
                window.fetch = async (path) => {
                  const key = Object.keys(window.__answers).find((k) => path.startsWith(k));
                  const a = key === undefined ? { status: 404, body: 'no such path' } : window.__answers[key];
                  return new Response(JSON.stringify(a.body), { status: a.status, headers: { 'Content-Type': 'application/json' } });
                };""", JSON.writeValueAsString(answers));
    }

    private static Map<String, Object> ok(Object body) {
        return Map.of("status", 200, "body", body);
    }

    private static Map<String, Object> ride(String id, long lastTime, List<List<Double>> track) {
        List<Double> last = track.get(track.size() - 1);
        return Map.of("ride_id", id, "last_time", lastTime, "speed", 8.0, "distance_m", 120.0, "alert_count", 0,
                "owner", "here", "latitude", last.get(0), "longitude", last.get(1), "track", track);
    }

    private static Map<String, Object> alert(String ride, double lat, double lon) {
        return Map.of("ride_id", ride, "severity", "harsh", "peak_decel_g", 0.5, "start_time", T - 2000,
                "end_time", T, "speed_before", 12.0, "speed_after", 4.0, "confidence", "high", "latitude", lat,
                "longitude", lon);
    }

    private static Map<String, Object> status() {
        return Map.of("fleet_input_rate", 10.0, "fleet_lag_records", 0, "state", "RUNNING", "instances_answering", 1,
                "instance", "localhost:1");
    }

    private static void answerFleet(List<Map<String, Object>> rides, List<Map<String, Object>> alerts) throws Exception {
        answer(Map.of("/api/fleet", ok(Map.of("rides", rides)), "/api/alerts", ok(Map.of("alerts", alerts)),
                "/api/status", ok(status())));
    }

    /** Two more draws of the fleet from the answers now in place (the first may have been asked for before them). */
    private static void awaitTwoDraws() {
        long draws = ((Number) js.executeScript("return window.dashboard.fleetDraws")).longValue();
        wait.until(d -> ((Number) js.executeScript("return window.dashboard.fleetDraws")).longValue() >= draws + 2);
    }

    /** Before: Leaflet fitted a one-point fleet at zoom Infinity (no layer sets a maximum) and stayed there. */
    @Test
    void aFleetThatIsOnePointIsShownAtAFiniteZoom() throws Exception {
        answerFleet(List.of(ride("r1", T, List.of(List.of(37.8, -122.4)))), List.of());
        awaitTwoDraws();
        Number zoom = (Number) js.executeScript("return window.dashboard.zoom");
        assertThat(Double.isFinite(zoom.doubleValue())).as("zoom " + zoom).isTrue();
        assertThat(zoom.doubleValue()).isLessThanOrEqualTo(16);
    }

    /** Before: the clock was the newest ride's, so one phone years ahead made every other car 'silent'. */
    @Test
    void aRideYearsAheadNeitherMovesTheClockNorSilencesTheFleet() throws Exception {
        long tenYears = Duration.ofDays(3652).toMillis();
        List<List<Double>> track = List.of(List.of(37.8, -122.4), List.of(37.801, -122.4));
        answerFleet(List.of(ride("a", T, track), ride("b", T + 500, track), ride("ahead", T + tenYears, track)),
                List.of());
        awaitTwoDraws();
        assertThat(((Number) js.executeScript("return window.dashboard.clock")).longValue()).isEqualTo(T + 500);
        assertThat(js.executeScript("return [...document.querySelectorAll('#rides tr.ride-row')]"
                + ".filter(r => r.dataset.ride !== 'ahead').map(r => r.querySelector('.dot').className)"))
                .isEqualTo(List.of("dot moving", "dot moving"));
    }

    /** 0°, 0° is some devices' "no fix": an alert there (written before the detector knew) gets no marker. */
    @Test
    void anAlertAtZeroZeroGetsNoMarker() throws Exception {
        answerFleet(List.of(ride("r1", T, List.of(List.of(37.8, -122.4), List.of(37.801, -122.4)))),
                List.of(alert("r1", 0, 0), alert("r1", 37.8, -122.4)));
        awaitTwoDraws();
        assertThat(((Number) js.executeScript("return window.dashboard.drawnAlerts")).intValue()).isEqualTo(1);
    }

    /** The map's own keyboard panning is the user's move too: before, only the mouse stopped the fleet view following. */
    @Test
    void panningByKeyboardStopsTheMapFollowingTheFleet() {
        assertThat(js.executeScript("return window.dashboard.userMoved")).isEqualTo(false);
        js.executeScript("document.getElementById('map').dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowLeft', bubbles: true}))");
        assertThat(js.executeScript("return window.dashboard.userMoved")).isEqualTo(true);
    }

    /** Before: the status line's instance part kept the last answer while the status went unanswered. */
    @Test
    void anUnansweredStatusLeavesNoStaleInstanceLine() throws Exception {
        answerFleet(List.of(), List.of());
        wait.until(d -> browser.findElement(org.openqa.selenium.By.id("instance")).getText().contains("1 instance(s)"));
        answer(Map.of("/api/fleet", ok(Map.of("rides", List.of())), "/api/alerts", ok(Map.of("alerts", List.of())),
                "/api/status", Map.of("status", 500, "body", "broken")));
        wait.until(d -> "?".equals(browser.findElement(org.openqa.selenium.By.id("instance")).getText()));
    }

    /** Before: the charts' times were New York's (the browser's zone) while the tables' were UTC. */
    @Test
    void aRidesChartsTellTimeInUtcAsTheRestOfThePageDoes() throws Exception {
        List<List<Double>> track = List.of(List.of((double) T, 37.8, -122.4, 10.0, 0.0),
                List.of((double) T + 1000, 37.801, -122.4, 9.0, -0.1));
        Map<String, Object> rideAnswer = Map.of("ride_id", "r1", "stale", false, "owner", "here", "partition", 0,
                "detector", Map.of("known", false, "enter_g", 0.3),
                "overview", Map.of("track", track, "alerts", List.of(), "distance_m", 111.0), "windows", List.of());
        answer(Map.of("/api/fleet", ok(Map.of("rides", List.of())), "/api/alerts", ok(Map.of("alerts", List.of())),
                "/api/status", ok(status()), "/api/rides/", ok(rideAnswer)));
        js.executeScript("location.hash = '#ride/r1'");
        wait.until(d -> js.executeScript("return !!(window.dashboard.plots && window.dashboard.rideAnswer)"));
        Object legend = js.executeScript("""
                const u = window.dashboard.plots[0];
                u.setCursor({ left: 0, top: 10 });
                return u.root.querySelector('.u-legend .u-series .u-value').textContent;""");
        assertThat(legend).as("the x value under the cursor at the first point, 14:03:22 UTC (10:03 in New York)").asString()
                .isEqualTo("2017-08-28 2:03pm");
    }
}
