package org.fleetstreams.common;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A producer's claim on a record of either input, in the header {@value #HEADER}: <em>the records of the other input
 * that this producer sent before this one, to the partition with the same number, end below offset N</em> (a decimal),
 * counted as sent, not as acknowledged. The replayer knows it without waiting: it is the topics' only writer, its
 * producer is idempotent (each record written once, a partition's records in the order sent, and a batch lost at a
 * crash loses every later one of that partition too), and it read where each partition ended when it started.
 *
 * <p>Unlike {@link FixesBefore}, which only ever lets records go sooner, this one only holds them: when a producer dies
 * between two sends, a record it sent first can be lost while the one after it, on the other input, is written. The
 * app's merge would take the stopped inputs for ended and let the second go on; with the claim it knows that a record
 * before it is missing and waits for it (the replayer's {@code --resume} writes it), for at most a minute after the
 * stop. A claim that is wrong can therefore only delay, never reorder.
 */
public final class SentBefore {

    public static final String HEADER = "fleetstreams.sent-before";

    private SentBefore() {
    }

    public static byte[] encode(long offset) {
        return FixesBefore.encode(offset);
    }

    /** The claimed offset in {@code headers}, or {@link FixesBefore#NONE} when there is none it can read. */
    public static long of(Headers headers) {
        return of(headers.lastHeader(HEADER));
    }

    /** The claimed offset in {@code header} (a {@value #HEADER} header, or null), or {@link FixesBefore#NONE}. */
    public static long of(Header header) {
        return header == null || header.value() == null ? FixesBefore.NONE : FixesBefore.parse(header.value());
    }
}
