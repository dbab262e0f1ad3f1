package org.fleetstreams.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The query parameters as the server reads them. */
class RequestsTest {

    @Test
    void aYesNoParameterTakesTheUsualSpellingsAndRefusesTheRest() {
        for (String yes : new String[] {"1", "true", "TRUE", "yes", " 1 "}) {
            assertThat(Requests.flag(Requests.query("track=" + yes.replace(" ", "%20")), "track")).as(yes).isTrue();
        }
        for (String no : new String[] {"0", "false", "No"}) {
            assertThat(Requests.flag(Requests.query("track=" + no), "track")).as(no).isFalse();
        }
        assertThat(Requests.flag(Map.of(), "track")).isFalse();
        assertThatThrownBy(() -> Requests.flag(Requests.query("track=ture"), "track"))
                .isInstanceOf(Requests.BadRequest.class).hasMessageContaining("track must be 1 or 0");
    }

    @Test
    void aTimeParameterIsEpochMillisecondsOrA400() {
        assertThat(Requests.millis(Requests.query("since=1503878400000"), "since")).isEqualTo(1_503_878_400_000L);
        assertThat(Requests.millis(Map.of(), "since")).isZero();
        assertThatThrownBy(() -> Requests.millis(Requests.query("since=yesterday"), "since"))
                .isInstanceOf(Requests.BadRequest.class).hasMessageContaining("since must be a time in epoch milliseconds");
    }

    @Test
    void aNameAloneIsAYesForAFlagAndA400ForATime() {
        assertThat(Requests.flag(Requests.query("track"), "track")).isTrue();
        assertThatThrownBy(() -> Requests.millis(Requests.query("since"), "since"))
                .isInstanceOf(Requests.BadRequest.class).hasMessage("since must be a time in epoch milliseconds, was nothing");
        // an empty value is not the name alone: a form's empty field is no yes
        assertThatThrownBy(() -> Requests.flag(Requests.query("track="), "track"))
                .isInstanceOf(Requests.BadRequest.class).hasMessageContaining("track must be 1 or 0");
    }

    @Test
    void anApiPathRefusesAParameterItDoesNotTake() {
        ApiRoute.checkNames("/api/fleet", Requests.query("track=1"));
        ApiRoute.checkNames("/api/local/alerts", Requests.query("since=5"));
        ApiRoute.checkNames("/dashboard/", Requests.query("tiles=https://tile.example/%7Bz%7D.png")); // the page's own
        ApiRoute.checkNames("/metrics", Requests.query("module=fleet")); // a Prometheus job's params
        ApiRoute.checkNames("/api/nothing-here", Requests.query("x=1")); // a 404, not a 400
        assertThatThrownBy(() -> ApiRoute.checkNames("/api/fleet", Requests.query("tracks=1")))
                .isInstanceOf(Requests.BadRequest.class).hasMessage("/api/fleet takes only track, not 'tracks'");
        assertThatThrownBy(() -> ApiRoute.checkNames("/api/alerts", Requests.query("sinse=5")))
                .isInstanceOf(Requests.BadRequest.class).hasMessageContaining("not 'sinse'");
        assertThatThrownBy(() -> ApiRoute.checkNames("/api/rides/r1", Requests.query("window=3")))
                .isInstanceOf(Requests.BadRequest.class).hasMessage("/api/rides/r1 takes no query parameter, not 'window'");
        assertThatThrownBy(() -> ApiRoute.checkNames("/instances", Requests.query("verbose=1"))) // the short alias too
                .isInstanceOf(Requests.BadRequest.class).hasMessage("/instances takes no query parameter, not 'verbose'");
    }

    /** {@code ?track=maybe&track=1} took the last value and answered 200: the first, a typo, went unnoticed. */
    @Test
    void anApiPathRefusesAParameterGivenTwice() {
        assertThatThrownBy(() -> ApiRoute.checkNames("/api/fleet", Requests.query("track=maybe&track=1")))
                .isInstanceOf(Requests.BadRequest.class).hasMessage("/api/fleet takes track once: which of its values"
                        + " was meant?");
        assertThatThrownBy(() -> ApiRoute.checkNames("/api/alerts", Requests.query("since=0&since")))
                .isInstanceOf(Requests.BadRequest.class).hasMessageContaining("takes since once");
        ApiRoute.checkNames("/metrics", Requests.query("match[]=a&match[]=b")); // Prometheus may repeat its own
        ApiRoute.checkNames("/api/fleet", Requests.query("track=1"));
    }

    /**
     * A ride id sent as UTF-8 bytes without escapes (as curl sends {@code /api/rides/café}) reads as the id, as its
     * escaped form does; the JDK's server hands each byte over as one char.
     */
    @Test
    void aPathSentAsUtf8BytesReadsAsItsEscapedFormDoes() {
        String unescaped = new String("/api/rides/café".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);

        assertThat(Requests.utf8Path(unescaped)).isEqualTo("/api/rides/café");
        assertThat(Requests.utf8Path("/api/rides/caf%C3%A9")).isEqualTo("/api/rides/café");
        assertThat(Requests.utf8Path("/api/rides/a%2Fb+c")).isEqualTo("/api/rides/a/b+c");
        assertThat(Requests.utf8Path("/api/rides/100%")).isEqualTo("/api/rides/100%");
    }
}
