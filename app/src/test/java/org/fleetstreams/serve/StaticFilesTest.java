package org.fleetstreams.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's files come from the classpath: the page, and Leaflet and uPlot from their WebJars; {@code /}
 * redirects to the page.
 */
class StaticFilesTest {

    @Test
    void thePageAndTheVendoredLibrariesAreServedFromTheClasspath() {
        Reply page = StaticFiles.get("/dashboard/");
        assertThat(page.contentType()).startsWith("text/html");
        String html = new String(page.body(), StandardCharsets.UTF_8);
        assertThat(html).contains("/vendor/leaflet/dist/leaflet.js", "/vendor/uplot/dist/uPlot.iife.min.js")
                .doesNotContain("http://", "https://");
        for (String path : new String[] {"/vendor/leaflet/dist/leaflet.js", "/vendor/leaflet/dist/leaflet.css",
                "/vendor/uplot/dist/uPlot.iife.min.js", "/vendor/uplot/dist/uPlot.min.css", "/dashboard/dashboard.js",
                "/dashboard/dashboard.css"}) {
            assertThat(StaticFiles.get(path)).as(path).isNotNull().satisfies(r -> assertThat(r.body()).hasSizeGreaterThan(1000));
        }
        assertThat(StaticFiles.get("/vendor/leaflet/dist/leaflet.js").contentType()).startsWith("text/javascript");
    }

    @Test
    void nothingElseIsServed() {
        assertThat(StaticFiles.get("/vendor/nosuchlib/x.js")).isNull();
        assertThat(StaticFiles.get("/dashboard/../logback.xml")).isNull();
        assertThat(StaticFiles.get("/vendor/leaflet")).isNull();
        // folders, in the WebJar (a jar) and beside the page (on disk in a build, in the jar when packaged)
        for (String folder : new String[] {"/vendor/leaflet/", "/vendor/leaflet/dist", "/vendor/leaflet/dist/",
                "/vendor/uplot/dist/", "/dashboard//"}) {
            assertThat(StaticFiles.get(folder)).as(folder).isNull();
        }
        assertThat(StaticFiles.get("/logback.xml")).isNull();
    }

    /** The page reads its own query ({@code ?tiles=}): {@code /?tiles=...} must reach it. Before, the redirect dropped it. */
    @Test
    void theRootRedirectsToThePageWithItsQuery() throws Exception {
        try (FleetServer server = FleetServer.bind("localhost", 0).serveWhileStarting()) {
            String tiles = "tiles=https%3A%2F%2Ftile.example%2F%7Bz%7D%2F%7Bx%7D%2F%7By%7D.png&x=1";

            // the JDK's client does not follow redirects unless told to: the 302 itself
            HttpResponse<String> withQuery = ServeCluster.get(server.url() + "?" + tiles);
            HttpResponse<String> without = ServeCluster.get(server.url());

            assertThat(withQuery.statusCode()).isEqualTo(302);
            assertThat(withQuery.headers().firstValue("Location")).hasValue("/dashboard/?" + tiles);
            assertThat(without.statusCode()).isEqualTo(302);
            assertThat(without.headers().firstValue("Location")).hasValue("/dashboard/");
            assertThat(ServeCluster.get(server.url() + "?").headers().firstValue("Location")).hasValue("/dashboard/");
        }
    }
}
