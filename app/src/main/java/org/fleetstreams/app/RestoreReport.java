package org.fleetstreams.app;

import java.io.PrintWriter;
import java.util.Locale;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Tells the console when a state store starts restoring from its changelog and how many records it has to read: an
 * instance that starts on an empty or old state directory spends that time before RUNNING, and this says why. Stores
 * with nothing to restore (a restart on an up-to-date directory) say nothing.
 */
final class RestoreReport implements StateRestoreListener {

    private final PrintWriter console;
    /** Told every callback too: Kafka Streams takes one global restore listener. */
    private final StateRestoreListener next;

    RestoreReport(PrintWriter console, StateRestoreListener next) {
        this.console = console;
        this.next = next;
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
        next.onRestoreStart(partition, storeName, startingOffset, endingOffset);
        long records = endingOffset - startingOffset;
        if (records > 0) {
            console.println(line(storeName, partition.partition(), records));
            console.flush();
        }
    }

    /** e.g. {@code Restoring store harsh-braking-state, partition 2: 1,234 changelog records}. */
    static String line(String store, int partition, long records) {
        return String.format(Locale.ROOT, "Restoring store %s, partition %d: %,d changelog records", store,
                partition, records);
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
        next.onBatchRestored(partition, storeName, batchEndOffset, numRestored);
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
        next.onRestoreEnd(partition, storeName, totalRestored);
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String storeName, long totalRestored) {
        next.onRestoreSuspended(partition, storeName, totalRestored);
    }
}
