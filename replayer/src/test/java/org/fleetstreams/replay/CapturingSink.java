package org.fleetstreams.replay;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Keeps what the replayer hands over, and acknowledges on flush like a producer would. */
final class CapturingSink implements RecordSink {

    record Sent(String topic, String key, long timestamp, byte[] value, long atNanos) {
    }

    final List<Sent> sent = new ArrayList<>();
    final WallClock clock;
    int flushes;
    boolean closed;

    CapturingSink(WallClock clock) {
        this.clock = clock;
    }

    @Override
    public void send(String topic, byte[] key, long timestamp, byte[] value) {
        sent.add(new Sent(topic, new String(key, StandardCharsets.UTF_8), timestamp, value, clock.nanoTime()));
    }

    @Override
    public void flush() {
        flushes++;
    }

    @Override
    public void close() {
        closed = true;
    }
}
