package org.fleetstreams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.app.TopologyFixture.EPOCH;
import static org.fleetstreams.app.TopologyFixture.fix;
import static org.fleetstreams.app.TopologyFixture.sample;

import java.nio.file.Path;
import java.util.List;
import org.fleetstreams.common.CarSummary;
import org.fleetstreams.common.admin.ClosingRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reading sent twice is no bad input and is not deduplicated (docs/architecture.md, "Dead letters"): it counts twice
 * in its windows and pairs twice in the join, as Spark's streaming aggregations and joins do without
 * {@code dropDuplicates}. What the app reads exactly once is its topics; what a producer wrote twice is there twice.
 */
class DuplicateReadingsTest {

    @TempDir
    Path state;

    @Test
    void aSampleSentTwiceCountsAndPairsTwice() {
        // configure
        long t = EPOCH + 62_000; // inside the windows [45 s, 75 s) and [60 s, 90 s)
        try (TopologyFixture app = new TopologyFixture(TopologyFixture.config(state))) {

            // pipe input: a fix, a sample 100 ms later, the same sample again; then the closing records
            app.pipe(fix("r", t, 40.7, -73.9, 5));
            app.pipe(sample("r", t + 100, 0.1, 0.2, 0.9));
            app.pipe(sample("r", t + 100, 0.1, 0.2, 0.9));
            app.advanceBothInputsTo(t + ClosingRecords.LEAD.toMillis());

            // verify: two identical pairs, two samples in each of the two windows, one fix, no dead letter
            assertThat(app.joined.readValuesToList()).hasSize(2).allSatisfy(p -> assertThat(p.x()).isEqualTo(0.1));
            List<CarSummary> windows = app.summaries.readValuesToList();
            assertThat(windows).hasSize(2).allSatisfy(w -> {
                assertThat(w.accelSamples()).isEqualTo(2);
                assertThat(w.gpsFixes()).isEqualTo(1);
            });
            assertThat(app.deadLetters.isEmpty()).isTrue();
        }
    }
}
