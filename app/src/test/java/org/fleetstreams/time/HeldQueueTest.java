package org.fleetstreams.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.ingest.Checked;
import org.junit.jupiter.api.Test;

/**
 * The merge's held records: released in event-time order with fixes first at one time, and a task that starts again
 * from the store holds what was held and keys new records so they do not take a held one's place.
 */
class HeldQueueTest {

    private static final long T = TopologyFixture.EPOCH;

    @Test
    void releasesInEventTimeOrderFixesFirstAndSamplesOnlyUpToTheirBound() {
        HeldQueue q = queue(store());
        q.restore();
        q.hold(record(TopologyFixture.sample("r", T + 20, 0, 0, 1)), false, 7);
        q.hold(record(TopologyFixture.fix("r", T + 20, 1, 1, 5)), true, 3);
        q.hold(record(TopologyFixture.sample("r", T + 10, 0, 0, 1)), false, 6);

        List<Long> times = new ArrayList<>();
        List<Boolean> fixes = new ArrayList<>();
        q.release(T + 20, T + 19, r -> {
            times.add(r.timestamp());
            fixes.add(((Checked<?>) r.value()).value() instanceof LocationFix);
        });

        // the sample at 10 and the fix at 20 go; the sample at 20 waits for the GPS input to pass 20
        assertThat(times).containsExactly(T + 10, T + 20);
        assertThat(fixes).containsExactly(false, true);
        assertThat(q.isEmpty()).isFalse();
        assertThat(q.firstTime()).isEqualTo(T + 20);
    }

    /**
     * At-least-once: the store's changelog can be ahead of the committed offsets, so a restarted task reads again a
     * record its restored store holds. Released once, it is gone: before, its second copy went into a new chunk, the
     * restored one stayed, and the next restart let it go again, long after its offset was committed.
     */
    @Test
    void aRecordReadAgainThatTheRestoredStoreHoldsIsReleasedOnceAndGone() {
        KeyValueStore<String, byte[]> store = store();
        HeldQueue before = queue(store);
        before.restore();
        before.hold(record(TopologyFixture.sample("r", T + 100, 0, 0, 1)), false, 5);

        HeldQueue again = queue(store);
        again.restore();
        again.hold(record(TopologyFixture.sample("r", T + 100, 0, 0, 1)), false, 5); // offset 5 read again
        List<Long> released = new ArrayList<>();
        again.release(Long.MAX_VALUE, Long.MAX_VALUE, r -> released.add(r.timestamp()));

        assertThat(released).containsExactly(T + 100);
        HeldQueue next = queue(store);
        next.restore();
        assertThat(next.isEmpty()).as("nothing held after the next restart").isTrue();
    }

    @Test
    void aRestartedQueueHoldsWhatWasHeldAndKeysNewRecordsAfterTheRestoredOnes() {
        KeyValueStore<String, byte[]> store = store();
        HeldQueue before = queue(store);
        before.restore();
        // records of no known offset (a test's) are keyed by a counter: n0 and n1
        before.hold(record(TopologyFixture.sample("r", T + 5, 0, 0, 1)), false, -1);
        before.hold(record(TopologyFixture.sample("r", T + 5, 0, 0, 2)), false, -1);

        HeldQueue after = queue(store);
        after.restore();
        after.hold(record(TopologyFixture.sample("r", T + 5, 0, 0, 3)), false, -1);

        List<Double> z = new ArrayList<>();
        after.release(Long.MAX_VALUE, Long.MAX_VALUE,
                r -> z.add(((AccelerationSample) ((Checked<?>) r.value()).value()).z()));
        assertThat(z).as("all three held, none overwritten").containsExactlyInAnyOrder(1.0, 2.0, 3.0);
    }

    /**
     * The headers go with every pair, alert and dead letter of a reading: a record held across a restart keeps them
     * (before, it came back with none), including a header of no value and one repeated.
     */
    @Test
    void aRestartedQueueGivesBackTheHeldRecordsHeaders() {
        KeyValueStore<String, byte[]> store = store();
        HeldQueue before = queue(store);
        before.restore();
        Record<String, Object> held = record(TopologyFixture.sample("r", T + 5, 0, 0, 1));
        held.headers().add("trace", "abc".getBytes(StandardCharsets.UTF_8)).add("empty", null)
                .add("trace", "def".getBytes(StandardCharsets.UTF_8));
        before.hold(held, false, 9);

        HeldQueue after = queue(store);
        after.restore();
        List<Header> headers = new ArrayList<>();
        after.release(Long.MAX_VALUE, Long.MAX_VALUE, r -> headers.addAll(List.of(r.headers().toArray())));

        assertThat(headers).extracting(Header::key).containsExactly("trace", "empty", "trace");
        assertThat(headers).extracting(h -> h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8))
                .containsExactly("abc", null, "def");
    }

    /** A value held by a build before the headers were (format 1) is read as it was, with none. */
    @Test
    void aRecordHeldWithoutHeadersByAnEarlierBuildIsReadWithNone() {
        AccelerationSample sample = TopologyFixture.sample("r", T + 5, 0, 0, 1);
        byte[] raw = FleetSerdes.accelerationSample().toBytes(sample);
        byte[] key = "r".getBytes(StandardCharsets.UTF_8);
        byte[] v1 = ByteBuffer.allocate(1 + 1 + 8 + 8 + 4 + key.length + raw.length).put((byte) 1).put((byte) 's')
                .putLong(T + 5).putLong(9).putInt(key.length).put(key).put(raw).array();

        Record<String, Object> r = new HeldRecords("t-locations", "t-accelerations", 0).decode(v1);

        assertThat(r.key()).isEqualTo("r");
        assertThat(r.timestamp()).isEqualTo(T + 5);
        assertThat(((Checked<?>) r.value()).value()).isEqualTo(sample);
        assertThat(r.headers().toArray()).isEmpty();
    }

    /** A record without headers is still held in format 1, which the build before reads; only one with them in 2. */
    @Test
    void aRecordWithoutHeadersIsHeldInFormat1() {
        Record<String, Object> plain = record(TopologyFixture.sample("r", T + 5, 0, 0, 1));
        Record<String, Object> traced = record(TopologyFixture.sample("r", T + 5, 0, 0, 1));
        traced.headers().add("trace", new byte[] {1});

        byte[] one = HeldRecords.encode(plain, (Checked<?>) plain.value(), false, 9);
        byte[] two = HeldRecords.encode(traced, (Checked<?>) traced.value(), false, 9);

        assertThat(one[0]).isEqualTo((byte) 1);
        assertThat(two[0]).isEqualTo((byte) 2);
        HeldRecords codec = new HeldRecords("t-locations", "t-accelerations", 0);
        assertThat(codec.decode(one).headers().toArray()).isEmpty();
        assertThat(codec.decode(two).headers().lastHeader("trace").value()).containsExactly(1);
    }

    @Test
    void theCounterIsReadFromTheKeysOfRecordsOfNoKnownOffsetOnly() {
        assertThat(HeldRecords.counter("1503878400000/sn0")).isZero();
        assertThat(HeldRecords.counter("1503878400000/fn12")).isEqualTo(12);
        assertThat(HeldRecords.counter("1503878400000/s42")).isEqualTo(-1);
        assertThat(HeldRecords.counter(HeldRecords.key(-5, true, -1, 3))).isEqualTo(3);
    }

    private static HeldQueue queue(KeyValueStore<String, byte[]> store) {
        return new HeldQueue(new HeldChunks(store), "t-locations", "t-accelerations", 0);
    }

    /** As the input checks pass it on: the reading and its raw JSON, which the store keeps. */
    private static Record<String, Object> record(SensorReading reading) {
        byte[] raw = reading instanceof LocationFix f ? FleetSerdes.locationFix().toBytes(f)
                : FleetSerdes.accelerationSample().toBytes((AccelerationSample) reading);
        return new Record<>(reading.rideId(), Checked.valid(reading, raw), reading.eventTime());
    }

    private static KeyValueStore<String, byte[]> store() {
        return HeldChunksTest.store();
    }
}
