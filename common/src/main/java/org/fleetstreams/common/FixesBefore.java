package org.fleetstreams.common;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A producer's promise on an accelerometer record, in the header {@value #HEADER}: <em>every GPS fix with an event
 * time before this sample's, on the locations partition with the same number, is at an offset below N</em> (a
 * decimal). The replayer writes it where it knows it: it sends in event-time order, and it names N only once every fix
 * it sent to that partition is acknowledged. The app's merge reads it: once it has taken the locations partition up to
 * N, the GPS input has passed every time before the sample, so the samples before it need not wait for the next fix
 * (at 1x, a few hundred ms with several cars per partition, up to the fix interval with one).
 *
 * <p>A promise about every writer of the partition, so it holds only while the replayer is the only one. A fix that
 * another writer sends later, at an earlier time, then reaches the app's readers behind samples after it (as a record
 * within the tolerated disorder does; the merge counts it and logs a warning once per task). Records without the
 * header, from any other producer, wait for the GPS input as before.
 */
public final class FixesBefore {

    public static final String HEADER = "fleetstreams.fixes-before";

    /** No promise: the header is absent, or not a decimal offset (it is then ignored). */
    public static final long NONE = -1;

    private FixesBefore() {
    }

    public static byte[] encode(long offset) {
        return Long.toString(offset).getBytes(StandardCharsets.US_ASCII);
    }

    /** The promised offset, or {@link #NONE} when the record makes no promise it can read. */
    public static long of(Headers headers) {
        return of(headers.lastHeader(HEADER));
    }

    /** The promised offset in {@code header} (a {@value #HEADER} header, or null), or {@link #NONE}. */
    public static long of(Header header) {
        return header == null || header.value() == null ? NONE : parse(header.value());
    }

    /** {@code value} as an ASCII decimal offset of at most 18 digits; {@link #NONE} for anything else. */
    static long parse(byte[] value) {
        if (value.length == 0 || value.length > 18) {
            return NONE;
        }
        long offset = 0;
        for (byte b : value) {
            if (b < '0' || b > '9') {
                return NONE;
            }
            offset = offset * 10 + (b - '0');
        }
        return offset;
    }
}
