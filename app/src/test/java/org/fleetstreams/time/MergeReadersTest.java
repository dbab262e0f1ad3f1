package org.fleetstreams.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.app.TopologyFixture.EPOCH;

import java.util.List;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.ingest.Checked;
import org.junit.jupiter.api.Test;

/**
 * What each child of the merge takes ({@link MergeReaders}): every child the GPS fixes, only the named children the
 * accelerometer samples, whether a record went on at once or was held first; and with no names, every child both.
 */
class MergeReadersTest {

    private static final String LOCATIONS = "r-locations";
    private static final String ACCELERATIONS = "r-accelerations";

    // a fix held until a sample passes it, a sample that goes at once, one held until the next fix, one held until
    // the stop, and the last fix, held until the stop
    private static void pipe(MergeHarness merge) {
        long t = EPOCH + 10_000;
        merge.process(TopologyFixture.fix("a", t, 40, -74, 10), 0);
        merge.process(TopologyFixture.sample("a", t + 20, 0, 0, 1), 0);
        merge.process(TopologyFixture.sample("a", t + 40, 0, 0, 1), 1);
        merge.process(TopologyFixture.fix("a", t + 1_000, 40, -74, 10), 1);
        merge.process(TopologyFixture.sample("a", t + 1_020, 0, 0, 1), 2);
        merge.stop();
    }

    @Test
    void samplesGoOnlyToTheSampleReadersAndFixesToEveryChild() {
        MergeHarness merge = new MergeHarness(LOCATIONS, ACCELERATIONS,
                new MergeReaders(null, List.of(), List.of(), List.of("join", "detector")));
        pipe(merge);

        List<CapturedForward<? extends String, ?>> forwards = merge.captured();
        List<CapturedForward<? extends String, ?>> fixes = forwards.stream().filter(f -> isFix(f)).toList();
        List<CapturedForward<? extends String, ?>> samples = forwards.stream().filter(f -> !isFix(f)).toList();
        assertThat(fixes).hasSize(2).allSatisfy(f -> assertThat(f.childName()).isEmpty());
        assertThat(samples).extracting(f -> f.childName().orElse("(every child)") + " " + f.record().timestamp())
                .containsExactly("join " + (EPOCH + 10_020), "detector " + (EPOCH + 10_020),
                        "join " + (EPOCH + 10_040), "detector " + (EPOCH + 10_040),
                        "join " + (EPOCH + 11_020), "detector " + (EPOCH + 11_020));
        // event-time order over both kinds is kept
        assertThat(forwards).extracting(f -> f.record().timestamp()).isSorted();
        merge.close();
    }

    @Test
    void withNoSampleReadersNamedEveryChildTakesEveryRecord() {
        MergeHarness merge = new MergeHarness(LOCATIONS, ACCELERATIONS, MergeReaders.all(null, List.of()));
        pipe(merge);

        assertThat(merge.captured()).hasSize(5).allSatisfy(f -> assertThat(f.childName()).isEmpty());
        merge.close();
    }

    private static boolean isFix(CapturedForward<? extends String, ?> f) {
        SensorReading reading = (SensorReading) ((Checked<?>) f.record().value()).value();
        return reading instanceof LocationFix;
    }
}
