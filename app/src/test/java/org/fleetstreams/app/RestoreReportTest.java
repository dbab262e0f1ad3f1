package org.fleetstreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RestoreReportTest {

    @Test
    void aStoreWithChangelogRecordsToReadSaysSoAndOneWithNoneIsQuiet() {
        StringWriter out = new StringWriter();
        RestoreReport report = new RestoreReport(new PrintWriter(out));

        report.onRestoreStart(new TopicPartition("app-harsh-braking-state-changelog", 2), "harsh-braking-state", 100, 1_334);
        report.onRestoreStart(new TopicPartition("app-ride-overview-changelog", 3), "ride-overview", 50, 50);

        assertThat(out.toString().lines()).containsExactly(
                "Restoring store harsh-braking-state, partition 2: 1,234 changelog records");
    }
}
