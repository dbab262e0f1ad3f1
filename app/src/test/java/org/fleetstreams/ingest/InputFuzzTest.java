package org.fleetstreams.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.fleetstreams.app.PerInputTimeout;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.JsonSerde;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.common.admin.ClosingRecords;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz tests of where bytes first meet the app: the input topics' value serde ({@link CheckedSerde} with
 * {@link ReadingCheck}) and the event-time extractor. Both run on Kafka Streams' thread before any processor, where an
 * exception would stop the stream thread or hand the record to Kafka Streams' handler, away from our reasons.
 *
 * <p>Regression mode (every {@code mvn test}) runs the committed inputs in
 * src/test/resources/org/fleetstreams/ingest/InputFuzzTestInputs/&lt;method&gt;: real records of data/sample and
 * known-bad variants of them. Fuzzing one target, as in docs/reliability.md:
 * <pre>
 *   JAZZER_FUZZ=1 mvn -pl app -am test -Dtest='InputFuzzTest#checkedSerde' -Djazzer.max_duration=10m -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@Timeout(value = 1, unit = TimeUnit.DAYS) // a fuzzing run is one invocation; each input has STUCK's limit
class InputFuzzTest {

    private static final long OFFSET_EPOCH = Instant.parse("2017-08-28T00:00:00Z").toEpochMilli();
    private static final PerInputTimeout STUCK = new PerInputTimeout(Duration.ofSeconds(60));

    private static final List<CheckedSerde<? extends SensorReading>> SERDES = List.of(
            new CheckedSerde<>(FleetSerdes.locationFix(), ReadingCheck::problem),
            new CheckedSerde<>(FleetSerdes.accelerationSample(), ReadingCheck::problem));

    /** Any bytes, as either input's value: a verdict, never an exception; a valid reading passes its checks. */
    @FuzzTest(maxDuration = "10s")
    void checkedSerde(byte[] raw) {
        STUCK.run(() -> checkSerdes(raw));
    }

    private static void checkSerdes(byte[] raw) {
        // The input readers' fast path (common/ReadingBytes) reads what Jackson reads, or leaves it to Jackson.
        assertThat(read(FleetSerdes.locationFix(), raw)).isEqualTo(read(FleetSerdes.locationFix().withoutFastPath(), raw));
        assertThat(read(FleetSerdes.accelerationSample(), raw))
                .isEqualTo(read(FleetSerdes.accelerationSample().withoutFastPath(), raw));
        for (CheckedSerde<? extends SensorReading> serde : SERDES) {
            Checked<? extends SensorReading> checked = serde.deserializer().deserialize("t", raw);

            assertThat(checked.raw()).isSameAs(raw);
            if (checked.isValid()) {
                // what any valid reading is, said from the problem (not by the check under test): a ride, a finite
                // clock, a place on Earth, a speed that is -1 or a car's, an acceleration a phone can measure
                SensorReading r = checked.value();
                assertThat(r.rideId()).isNotBlank();
                assertThat(r.offset()).isFinite();
                if (r instanceof LocationFix fix) {
                    assertThat(fix.latitude()).isBetween(-90.0, 90.0);
                    assertThat(fix.longitude()).isBetween(-180.0, 180.0);
                    assertThat(fix.speed() == LocationFix.UNKNOWN_SPEED || fix.speed() >= 0 && fix.speed() < 1_000)
                            .as("speed %s", fix.speed()).isTrue();
                } else {
                    AccelerationSample a = (AccelerationSample) r;
                    for (double g : new double[] {a.x(), a.y(), a.z()}) {
                        assertThat(Math.abs(g)).as("acceleration in g").isLessThanOrEqualTo(100.0);
                    }
                }
            } else {
                assertThat(checked.reason()).isNotBlank();
                assertThat(checked.value()).isNull();
            }
            // What the app writes for a record (to the dead-letter topic) is what it read.
            @SuppressWarnings({"unchecked", "rawtypes"})
            byte[] written = ((CheckedSerde) serde).serializer().serialize("t", checked);
            assertThat(written).isSameAs(raw);
        }
    }

    /** The value {@code serde} reads from {@code raw}, or the message it refuses it with. */
    private static Object read(JsonSerde<?> serde, byte[] raw) {
        try {
            return serde.fromBytes(raw);
        } catch (SerializationException e) {
            return e.getMessage();
        }
    }

    /**
     * Any value (raw bytes, or as the sources give it: parsed by either serde) with any record timestamp: the extractor
     * returns a plausible event time or 0, never throws, and agrees with the validator ({@link EventTimes}). Input:
     * {@code <record timestamp>\t<value>}; without a tab, timestamp 0 and the whole input is the value.
     */
    @FuzzTest(maxDuration = "10s")
    void eventTimeExtractor(byte[] input) {
        STUCK.run(() -> checkExtractor(input));
    }

    private static void checkExtractor(byte[] input) {
        int tab = indexOfTab(input);
        long recordTimestamp = tab < 0 ? 0 : parseLong(new String(input, 0, tab, StandardCharsets.US_ASCII));
        byte[] raw = tab < 0 ? input : Arrays.copyOfRange(input, tab + 1, input.length);
        EventTimeExtractor extractor = new EventTimeExtractor();
        EventTimeExtractor offsets = new EventTimeExtractor(InputHeads.NONE, OFFSET_EPOCH);

        for (Object value : List.of(raw, SERDES.get(0).read(raw), SERDES.get(1).read(raw))) {
            long t = extractor.extract(record(value, recordTimestamp), 12_345L);

            assertThat(t == 0 || EventTimes.plausible(t)).as("event time %d", t).isTrue();
            if (value instanceof Checked<?> checked && checked.isValid()) {
                long field = ((SensorReading) checked.value()).eventTime();
                // a given event_time decides alone; without one (0), the record timestamp
                long expected = field != 0 ? (EventTimes.plausible(field) ? field : 0)
                        : EventTimes.plausible(recordTimestamp) ? recordTimestamp : 0;
                assertThat(t).as("a valid reading's event time").isEqualTo(expected);
            }
            long byOffset = offsets.extract(record(value, recordTimestamp), 12_345L);
            if (value instanceof Checked<?> checked && checked.isValid()) {
                SensorReading reading = (SensorReading) checked.value();
                long time = EventTimes.fromOffset(OFFSET_EPOCH, reading.offset());
                if (ClosingRecords.isClosing(reading.rideId())) {
                    time = Math.max(time, t == 0 ? EventTimes.NONE : t); // a closing record: the later of the two
                }
                assertThat(byOffset).as("on the offset clock").isEqualTo(time == EventTimes.NONE ? 0 : time);
            } else {
                assertThat(byOffset).as("not a valid reading: the offset clock plays no part").isEqualTo(t);
            }
            if (t == 0) {
                Long given = value instanceof Checked<?> checked
                        ? (checked.isValid() ? (Long) ((SensorReading) checked.value()).eventTime() : null)
                        : EventTimeExtractor.eventTimeField(value);
                assertThat(!EventTimes.plausible(recordTimestamp) || given != null && EventTimes.implausible(given))
                        .as("0 only when the record timestamp is unusable or a given event_time is not plausible").isTrue();
            }
        }
    }

    private static ConsumerRecord<Object, Object> record(Object value, long timestamp) {
        return new ConsumerRecord<>("t-locations", 0, 0L, timestamp, TimestampType.CREATE_TIME, 0, 0, "r", value,
                new RecordHeaders(), Optional.empty());
    }

    private static int indexOfTab(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\t') {
                return i;
            }
        }
        return -1;
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
