package org.fleetstreams.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.app.TopologyFixture.EPOCH;
import static org.fleetstreams.app.TopologyFixture.fix;
import static org.fleetstreams.app.TopologyFixture.sample;

import java.nio.file.Path;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.JoinedReading;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpsAccelJoinTest {

    private static final long T = EPOCH + 100_000;

    @TempDir
    Path state;
    private TopologyFixture app;

    @BeforeEach
    void start() {
        app = new TopologyFixture(TopologyFixture.config(state));
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void pairsWithinTwoSecondsEitherWayAndCarriesTheCoursesFields() {
        app.pipe(fix("r", T, 40.7, -73.9, 12.5));
        app.pipe(sample("r", T - 2_000, 0.1, 0.2, -0.9));   // exactly -2 s: inside
        app.pipe(sample("r", T + 2_000, 0.3, 0.4, -0.8));   // exactly +2 s: inside
        app.pipe(sample("r", T + 2_001, 0.5, 0.6, -0.7));   // 1 ms too late: outside
        app.pipe(sample("other", T, 0, 0, 1));              // another ride: never joins this fix

        var out = app.joined.readKeyValuesToList();

        assertThat(out).extracting(kv -> kv.value.accelerationEventTime()).containsExactly(T - 2_000, T + 2_000);
        JoinedReading first = out.get(0).value;
        assertThat(out.get(0).key).isEqualTo("r");
        assertThat(first).isEqualTo(new JoinedReading("r", T, 12.5, 40.7, -73.9, "dr5ru", 10, T - 2_000, 0.1, 0.2, -0.9));
    }

    @Test
    void aSampleJoinsEveryFixInItsWindow() {
        app.pipe(fix("r", T, 40.7, -73.9, 10));
        app.pipe(fix("r", T + 1_500, 40.7, -73.9, 11));
        app.pipe(sample("r", T + 800, 0, 0, 1));

        assertThat(app.joined.readValuesToList()).extracting(JoinedReading::locationEventTime).containsExactly(T, T + 1_500);
    }

    @Test
    void outOfOrderWithinGraceIsJoined() {
        app.pipe(fix("r", T, 40.7, -73.9, 10));
        app.pipe(sample("r", T + 8_000, 0, 0, 1));          // stream time T + 8 s
        app.pipe(sample("r", T + 500, 0, 0, 1));            // 7.5 s late: window (4 s) + grace (5 s) still open

        assertThat(app.joined.readValuesToList()).extracting(JoinedReading::accelerationEventTime).containsExactly(T + 500);
        assertThat(app.metric("dropped-records-total", null)).isZero();
    }

    @Test
    void beyondGraceIsDroppedAndCounted() {
        app.pipe(fix("r", T, 40.7, -73.9, 10));
        app.pipe(fix("r", T + 20_000, 40.7, -73.9, 10));    // both sides' stream time reach T + 20 s
        app.pipe(sample("r", T + 20_000, 0, 0, 1));
        app.joined.readValuesToList();
        app.pipe(sample("r", T + 500, 0, 0, 1));            // 19.5 s late: beyond window (4 s) + grace (5 s)

        assertThat(app.joined.isEmpty()).isTrue();
        assertThat(app.metric("dropped-records-total", null)).isEqualTo(1);
    }

    @Test
    void eachSideExpiresByItsOwnStreamTime() {
        // Kafka Streams keeps one window store per side, each expiring by the stream time of what was put into it.
        // Only the accelerometer side advanced here, so the old fix is still live and the late sample joins it.
        app.pipe(fix("r", T, 40.7, -73.9, 10));
        app.pipe(sample("r", T + 20_000, 0, 0, 1));
        app.pipe(sample("r", T + 500, 0, 0, 1));

        assertThat(app.joined.readValuesToList()).extracting(JoinedReading::accelerationEventTime).containsExactly(T + 500);
    }
}
