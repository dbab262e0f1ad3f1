package org.fleetstreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.apache.kafka.common.TopicPartition;
import org.fleetstreams.serve.RestoringStores;
import org.junit.jupiter.api.Test;

class RestoreReportTest {

    @Test
    void aStoreWithChangelogRecordsToReadSaysSoAndOneWithNoneIsQuiet() {
        StringWriter out = new StringWriter();
        RestoreReport report = new RestoreReport(new PrintWriter(out), new RestoringStores());

        report.onRestoreStart(new TopicPartition("app-harsh-braking-state-changelog", 2), "harsh-braking-state", 100, 1_334);
        report.onRestoreStart(new TopicPartition("app-ride-overview-changelog", 3), "ride-overview", 50, 50);

        assertThat(out.toString().lines()).containsExactly(
                "Restoring store harsh-braking-state, partition 2: 1,234 changelog records");
    }

    /** Kafka Streams takes one global restore listener: the report passes every callback on to the HTTP answers'. */
    @Test
    void everyCallbackReachesTheRestoringStoresToo() {
        RestoringStores restoring = new RestoringStores();
        RestoreReport report = new RestoreReport(new PrintWriter(new StringWriter()), restoring);
        TopicPartition two = new TopicPartition("app-ride-overview-changelog", 2);
        TopicPartition three = new TopicPartition("app-ride-overview-changelog", 3);

        report.onRestoreStart(two, "ride-overview", 0, 10);
        report.onRestoreStart(three, "ride-overview", 0, 10);
        report.onRestoreEnd(two, "ride-overview", 10);
        report.onRestoreSuspended(three, "ride-overview", 4);
        report.onRestoreStart(three, "ride-overview", 4, 10);

        assertThat(restoring.isRestoring("ride-overview", 2)).as("ended").isFalse();
        assertThat(restoring.isRestoring("ride-overview", 3)).as("suspended, then started again").isTrue();
    }
}
