package org.fleetstreams.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.app.TopologyFixture.EPOCH;

import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.ingest.InputHeads;
import org.junit.jupiter.api.Test;

/**
 * What the merge keeps per task stays bounded in a stream that never stops: ten minutes at 1x, one ride, a fix a
 * second and samples at 50 Hz, with the wall clock moving as they come.
 */
class MergeMemoryTest {

    @Test
    void tenMinutesOfALiveStreamKeepAFewMarksNotOnePerStep() {
        MergeHarness merge = new MergeHarness("m-locations", "m-accelerations", InputHeads.NONE);
        long fixes = 0;
        for (int i = 0; i < 30_000; i++) { // 20 ms apart: 10 minutes
            long t = EPOCH + 20L * i;
            if (i % 50 == 0) {
                merge.process(TopologyFixture.fix("a", t, 40, -74, 10), fixes++);
            }
            merge.process(TopologyFixture.sample("a", t, 0, 0, 1), i);
            merge.tick(20);
        }

        assertThat(merge.forwarded()).as("everything but the last second's samples went on").isGreaterThan(29_000);
        // one entry per 20 ms step of wall time, for each input, unless the merge forgets what no look needs any more
        assertThat(merge.marksKept()).isLessThan(100);
        merge.close();
    }
}
