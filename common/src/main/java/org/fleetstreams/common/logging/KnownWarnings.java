package org.fleetstreams.common.logging;

import java.util.List;
import java.util.Optional;

/**
 * Kafka warnings that mean something for a user of this project, each with a one-line explanation. The console
 * shows the explanation once (the full message is in the log file); every other library warning goes to the log
 * file only. A pure function, so the table is tested without a broker.
 */
public final class KnownWarnings {

    /** A warning: its key, a text that identifies it, and what it means for the user. */
    public record Known(String key, String match, String explanation) {
    }

    static final List<Known> TABLE = List.of(
            new Known("future-timestamps", "future timestamp",
                    "event time is ahead of the wall clock (a replay faster than real time); the broker keeps the"
                            + " records: harmless"),
            new Known("state-dir-in-tmp", "temp directory",
                    "the Kafka Streams state dir is under the OS temp dir, which the OS may clean; --state-dir DIR"
                            + " (the demo: --work-dir DIR) keeps it"),
            new Known("concurrent-transactions", "CONCURRENT_TRANSACTIONS",
                    "a write met the previous transaction still completing and was retried in the same transaction"
                            + " (transactions v2): still exactly-once"),
            new Known("out-of-order-sequence", "OUT_OF_ORDER_SEQUENCE_NUMBER",
                    "a batch that overtook a retried first batch was refused and retried (KAFKA-18202): still"
                            + " exactly-once"));

    private KnownWarnings() {
    }

    /** The explanation of a logged message, if it is one of the known warnings. */
    public static Optional<Known> explain(String message) {
        if (message == null) {
            return Optional.empty();
        }
        return TABLE.stream().filter(k -> message.contains(k.match())).findFirst();
    }
}
