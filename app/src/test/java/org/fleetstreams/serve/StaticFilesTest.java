package org.fleetstreams.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The dashboard's files come from the classpath: the page, and Leaflet and uPlot from their WebJars. */
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
}
