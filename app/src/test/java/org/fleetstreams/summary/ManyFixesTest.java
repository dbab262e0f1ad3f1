package org.fleetstreams.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.fleetstreams.app.TopologyFixture.EPOCH;
import static org.fleetstreams.app.TopologyFixture.fix;
import static org.fleetstreams.app.TopologyFixture.sample;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.CarSummary;
import org.fleetstreams.common.Haversine;
import org.fleetstreams.state.Encoded;
import org.fleetstreams.state.StoreFormat;
import org.fleetstreams.time.EventClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ride that sends far more fixes than a GPS does: every one counts in its windows, and no changelog record of the
 * summaries' store passes the 1 MB a Kafka producer sends by default ({@code max.request.size}), which under
 * exactly-once fails the task for good. 40,000 fixes in one 15 s pane (32 bytes each) were one 1.28 MB value.
 */
class ManyFixesTest {

    /** Kafka's default {@code max.request.size}: a record must fit in it, with its key and headers. */
    private static final int PRODUCER_REQUEST_LIMIT = 1_048_576;
    private static final int FIXES = 40_000;
    private static final long W0 = EPOCH;

    @TempDir
    Path state;

    @Test
    void everyFixOfAFloodCountsAndNoStoreRecordPassesTheRequestLimit() {
        try (TopologyFixture app = new TopologyFixture(TopologyFixture.config(state))) {
            // Step 1: 40,000 fixes of r, heading north, in the pane [W0, W0 + 15 s); another ride's 50 Hz samples move
            // the accelerometer input's time along with them, as a live input would.
            List<double[]> sent = new ArrayList<>(); // time, latitude, speed
            long nextSample = W0;
            for (int i = 0; i < FIXES; i++) {
                long t = W0 + (long) i * 15_000 / FIXES;
                while (nextSample <= t) {
                    app.pipe(sample("other", nextSample, 0, 0, 1));
                    nextSample += 20;
                }
                double lat = 40.7 + i * 1e-6;
                double speed = i % 10;
                app.pipe(fix("r", t, lat, -73.9, speed));
                sent.add(new double[] {t, lat, speed});
            }
            app.pipe(sample("other", W0 + 15_000, 0, 0, 1)); // the merge lets the last fixes go

            // Step 2: every record the store wrote to its changelog fits in a produce request.
            String changelog = app.config.applicationId() + "-" + SummaryProcessor.STORE + "-changelog";
            List<TestRecord<String, byte[]>> written = app.driver.createOutputTopic(changelog, new StringDeserializer(),
                    new ByteArrayDeserializer()).readRecordsToList();
            assertThat(written).isNotEmpty();
            int largest = written.stream().mapToInt(r -> r.value() == null ? 0 : r.value().length).max().orElseThrow();
            assertThat(largest).as("the largest value in the summaries' changelog").isLessThan(PRODUCER_REQUEST_LIMIT / 2);

            // Step 3: what a restart reads back from the store is every fix, in the order they came.
            KeyValueStore<String, Encoded> kv = app.driver.getKeyValueStore(SummaryProcessor.STORE);
            Map<String, RidePanes> loaded = new HashMap<>();
            new SummaryStore(kv, new WindowGrid(30_000, 15_000, 4_100), new EventClock(0, 0)).load(loaded);
            List<Pane.Fix> back = loaded.get("r").panes.get(W0).fixes;
            assertThat(back).hasSize(FIXES);
            for (int i = 0; i < FIXES; i += 997) {
                assertThat(back.get(i).latitude()).isEqualTo(sent.get(i)[1]);
            }
            assertThat(back.get(FIXES - 1).latitude()).isEqualTo(sent.get(FIXES - 1)[1]);

            // Step 4: the window [W0, W0 + 30 s) counts them all, with the distance along them.
            app.advanceBothInputsTo(TopologyFixture.closeTime(app.config, W0 + 30_000));
            CarSummary w0 = app.summaries.readValuesToList().stream()
                    .filter(s -> s.rideId().equals("r") && s.windowStart() == W0).findFirst().orElseThrow();
            double distance = 0;
            for (int i = 1; i < FIXES; i++) {
                distance += Haversine.metres(sent.get(i - 1)[1], -73.9, sent.get(i)[1], -73.9);
            }
            assertThat(w0.gpsFixes()).isEqualTo(FIXES);
            assertThat(w0.speedFixes()).isEqualTo(FIXES);
            assertThat(w0.meanSpeed()).isCloseTo(4.5, within(1e-9));
            assertThat(w0.distanceMetres()).isCloseTo(distance, within(1e-6)).isCloseTo(4_447.7, within(1.0));

            // Step 5: once the pane's last window is written, none of its values is left.
            app.advanceBothInputsTo(TopologyFixture.closeTime(app.config, W0 + 45_000));
            try (var all = kv.all()) {
                all.forEachRemaining(e -> assertThat(e.key).doesNotStartWith("r\0"));
            }
        }
    }

    @Test
    void aPanesFixesComeBackInArrivalOrderWhateverOrderTheStoreListsItsValues() {
        Pane written = new Pane();
        for (int i = 0; i < Pane.FIXES_PER_VALUE + 5; i++) {
            written.fixes.add(new Pane.Fix(W0 + 15_000 - i, 40 + i * 1e-5, -74, i)); // arriving newest first
        }
        assertThat(written.fixesValueCount()).isEqualTo(2);

        Pane read = new Pane();
        read.readFixes(1, written.fixesToBytes(1), value -> { });
        read.readFixes(0, written.fixesToBytes(0), value -> { });

        assertThat(read.loaded()).as("laid out as written").isTrue();
        assertThat(read.fixes).isEqualTo(written.fixes);
    }

    /** A store written before the fixes were split holds them all in one value: read whole, then written again. */
    @Test
    void aPaneStoredAsOneValueIsReadWholeAndLaidOutAgain() {
        int n = Pane.FIXES_PER_VALUE * 2 + 3;
        ByteBuffer one = new StoreFormat(SummaryProcessor.STORE + " fixes", (byte) 1).allocate(4 + n * 32).putInt(n);
        for (int i = 0; i < n; i++) {
            one.putLong(W0 + i).putDouble(40 + i * 1e-5).putDouble(-74).putDouble(5);
        }
        Pane read = new Pane();
        read.readFixes(0, one.array(), value -> { });

        assertThat(read.loaded()).as("one value for three values' fixes: to be written again").isFalse();
        assertThat(read.fixes).hasSize(n);
        assertThat(read.fixes.get(n - 1).eventTime()).isEqualTo(W0 + n - 1);
        assertThat(read.fixesValueCount()).isEqualTo(3);
    }
}
