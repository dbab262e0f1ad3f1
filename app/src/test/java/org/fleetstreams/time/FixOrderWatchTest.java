package org.fleetstreams.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.app.TopologyFixture.EPOCH;

import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.ingest.InputHeads;
import org.junit.jupiter.api.Test;

/** The merge counts every GPS fix it lets go behind a sample of the fix's time or later ({@link FixOrderWatch}). */
class FixOrderWatchTest {

    private static final long T = EPOCH + 60_000;

    @Test
    void aFixAtOrBeforeTheLatestSampleLetGoCounts() {
        FixOrderWatch watch = new FixOrderWatch();
        watch.start(null);
        assertThat(watch.fix(T)).as("no sample yet").isZero();

        watch.sample(T + 100);
        assertThat(watch.fix(T + 120)).isZero();
        assertThat(watch.fix(T + 100)).as("a sample at its very time went first").isEqualTo(1);
        assertThat(watch.fix(T + 40)).isEqualTo(2);

        watch.start(null); // a task's restart
        assertThat(watch.fix(T)).isZero();
    }

    @Test
    void theMergeCountsAFixOutOfOrderInItsPartitionInItsMetric() {
        MergeHarness merge = new MergeHarness("o-locations", "o-accelerations", InputHeads.NONE);
        try {
            merge.process(TopologyFixture.fix("a", T, 40, -74, 10), 0);
            merge.process(TopologyFixture.sample("a", T + 100, 0, 0, 1), 0);
            merge.process(TopologyFixture.fix("a", T + 200, 40, -74, 10), 1);
            merge.process(TopologyFixture.sample("a", T + 220, 0, 0, 1), 1);
            assertThat(merge.names()).containsExactly("a fix " + T, "a sample " + (T + 100), "a fix " + (T + 200));
            assertThat(merge.metric("fix-behind-samples-total")).as("in order").isZero();

            // another writer's fix, 150 ms out of order in its partition: within the tolerated disorder, it goes on
            merge.process(TopologyFixture.fix("b", T + 50, 40, -74, 10), 2);
            assertThat(merge.names()).contains("b fix " + (T + 50));
            assertThat(merge.metric("fix-behind-samples-total")).isEqualTo(1);
        } finally {
            merge.close();
        }
    }
}
