package org.fleetstreams.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.app.TopologyFixture.EPOCH;
import static org.fleetstreams.app.TopologyFixture.fix;
import static org.fleetstreams.app.TopologyFixture.sample;

import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.deadletter.DeadLetterHeaders;
import org.fleetstreams.common.JoinedReading;
import org.fleetstreams.time.ReadingsInOrder;
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
        app.advanceBothInputsTo(T + 60_000);

        var out = app.joined.readKeyValuesToList();

        assertThat(out).extracting(kv -> kv.value.accelerationEventTime()).containsExactly(T - 2_000, T + 2_000);
        JoinedReading first = out.get(0).value;
        assertThat(out.get(0).key).isEqualTo("r");
        assertThat(first).isEqualTo(new JoinedReading("r", T, 12.5, 40.7, -73.9, "dr5ru", 10, T - 2_000, 0.1, 0.2, -0.9));
    }

    @Test
    void aSampleJoinsEveryFixInItsWindow() {
        app.pipe(sample("r", T + 800, 0, 0, 1));
        app.pipe(fix("r", T, 40.7, -73.9, 10));
        app.pipe(sample("r", T + 1_600, 0, 0, 1));
        app.pipe(fix("r", T + 1_500, 40.7, -73.9, 11));

        assertThat(app.joined.readValuesToList()).filteredOn(j -> j.accelerationEventTime() == T + 800)
                .extracting(JoinedReading::locationEventTime).containsExactly(T, T + 1_500);
    }

    @Test
    void outOfOrderWithinTheToleratedSkewIsJoined() {
        app.pipe(fix("r", T, 40.7, -73.9, 10));
        app.pipe(sample("r", T + 4_900, 0, 0, 1));          // stream time T + 4.9 s
        app.pipe(sample("r", T + 500, 0, 0, 1));            // 4.4 s behind: inside the 5 s skew
        app.pipe(fix("r", T + 1_000, 40.7, -73.9, 11));     // 3.9 s behind: joins both samples within 2 s

        assertThat(app.joined.readValuesToList()).extracting(j -> j.locationEventTime() + "/" + j.accelerationEventTime())
                .containsExactly(T + "/" + (T + 500), (T + 1_000) + "/" + (T + 500));
        assertThat(app.metric("late-total", "joined")).isZero();
        assertThat(app.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void anInputMoreThanTheToleratedSkewBehindIsADeadLetterNamedLateNotADrop() {
        app.pipe(fix("r", T, 40.7, -73.9, 10));
        for (int k = 0; k <= 11; k++) {                     // accelerometer 40 s ahead, a sample a second; GPS silent
            app.pipe(sample("r", T + 40_000 + k * 4, 0, 0, 1));
            app.driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
        app.pipe(sample("r", T + 40_020, 0, 0, 1));         // GPS idle: the join's clock is at T + 40.044 s - 30 s
        app.pipe(fix("r", T + 500, 40.7, -73.9, 10));       // 9.544 s behind it

        var dead = app.deadLetters.readRecordsToList().stream()
                .filter(r -> "joined".equals(header(r, DeadLetterHeaders.LATE_RESULT))).toList();
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0), DeadLetterHeaders.EXCEPTION)).isEqualTo(DeadLetterHeaders.LATE);
        assertThat(header(dead.get(0), DeadLetterHeaders.LATE_BY_MS)).isEqualTo("9544");
        assertThat(header(dead.get(0), DeadLetterHeaders.REASON)).startsWith("late: missed joined by 9544 ms");
        assertThat(header(dead.get(0), DeadLetterHeaders.TOPIC)).isEqualTo("t-locations");
        assertThat(app.metric("late-total", "joined")).isEqualTo(1);
        assertThat(app.joined.isEmpty()).isTrue();
    }

    @Test
    void theSlowerInputHoldsTheClockBackSoItsRecordsStillJoin() {
        // The accelerometer input runs 19.5 s ahead of the GPS input (one partition fetched before the other). Kafka
        // Streams' task time (the maximum) would call the fix late; the join's clock is the slower input's.
        app.pipe(sample("r", T, 0, 0, 1));
        app.pipe(sample("r", T + 1_000, 0, 0, 1));
        app.pipe(sample("r", T + 20_000, 0, 0, 1));
        app.pipe(fix("r", T + 500, 40.7, -73.9, 10));
        app.advanceBothInputsTo(T + 60_000);

        assertThat(app.joined.readValuesToList()).extracting(JoinedReading::accelerationEventTime)
                .containsExactly(T, T + 1_000);
        assertThat(app.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aPairIsWrittenWhenItsSecondRecordArrivesNotWhenTheMergeLetsItGo() {
        // The merge holds a sample until the GPS input has passed its time (at 1x: the partition's next fix, up to
        // seconds away); the pair does not depend on that order, so it goes out at once.
        app.pipe(fix("r", T, 40.7, -73.9, 10));
        app.pipe(sample("r", T + 500, 0, 0, 1));

        assertThat(mergeHoldsARecord()).isTrue();
        assertThat(app.joined.readValuesToList()).extracting(j -> j.locationEventTime() + "/" + j.accelerationEventTime())
                .containsExactly(T + "/" + (T + 500));

        app.pipe(fix("r", T + 1_000, 40.7, -73.9, 11)); // the GPS input passes the sample: the merge lets it go
        app.advanceBothInputsTo(T + 60_000);
        assertThat(app.joined.readValuesToList()).as("each pair once: the sample is not paired again when let go")
                .extracting(j -> j.locationEventTime() + "/" + j.accelerationEventTime())
                .containsExactly((T + 1_000) + "/" + (T + 500));
        assertThat(mergeHoldsARecord()).isFalse();
    }

    /** Whether readings-in-order holds any record (in its store, in chunks: an emptied chunk is deleted). */
    private boolean mergeHoldsARecord() {
        try (var all = app.driver.<String, byte[]>getKeyValueStore(ReadingsInOrder.STORE).all()) {
            return all.hasNext();
        }
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
