package org.fleetstreams.state;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A store value encoded when the store writes it, not when it is put. With a {@link WriteAtCommitStore}, a value put
 * with every 50 Hz sample (a pane's counts, a chunk of samples, a clock) is encoded once per commit, as it is then.
 * Read back from a store, it is the stored bytes.
 */
@FunctionalInterface
public interface Encoded {

    /** Encodes Encoded values by calling {@link #bytes()}; decodes to {@link #of(byte[])}. */
    Serde<Encoded> SERDE = Serdes.serdeFrom((topic, value) -> value == null ? null : value.bytes(),
            (topic, bytes) -> bytes == null ? null : of(bytes));

    /** The value's bytes now. */
    byte[] bytes();

    /** Bytes already encoded. */
    static Encoded of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return () -> bytes;
    }
}
