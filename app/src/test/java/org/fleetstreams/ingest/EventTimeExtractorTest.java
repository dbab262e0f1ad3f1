package org.fleetstreams.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.LocationFix;
import org.junit.jupiter.api.Test;

class EventTimeExtractorTest {

    private static final long EVENT = 1_503_878_401_525L;     // 2017-08-28T00:00:01.525Z
    private static final long RECORD = 1_700_000_000_000L;    // 2023-11-14
    private final EventTimeExtractor extractor = new EventTimeExtractor();

    @Test
    void eventTimeFromTheValueWins() {
        assertThat(extract("{\"ride_id\":\"r\",\"x\":{\"event_time\":1},\"event_time\":" + EVENT + "}", RECORD)).isEqualTo(EVENT);
        assertThat(EventTimeExtractor.eventTimeField(("{\"event_time\":1,\"ride_id\":\"r\",\"event_time\":" + EVENT + "}")
                .getBytes(StandardCharsets.UTF_8))).as("given twice: the last, as the reading parser takes it")
                .isEqualTo(EVENT);
    }

    @Test
    void missingEventTimeFallsBackToTheRecordTimestamp() {
        assertThat(extract("{\"ride_id\":\"r\",\"offset\":1.5}", RECORD)).isEqualTo(RECORD);
    }

    @Test
    void unparsableValueFallsBackToTheRecordTimestamp() {
        assertThat(extract("{not json", RECORD)).isEqualTo(RECORD);
        assertThat(extract("[1,2]", RECORD)).isEqualTo(RECORD);
    }

    @Test
    void aNegativeEventTimeOrOneThatIsNotANumberIsNoTime() {
        assertThat(extract("{\"event_time\":-5}", RECORD)).isZero();
        assertThat(extract("{\"event_time\":-5.0}", RECORD)).isZero();
        assertThat(extract("{\"event_time\":\"soon\"}", RECORD)).as("given, not a number: no time, not the record's")
                .isZero();
        assertThat(extract("{\"event_time\":\"" + RECORD + "\"}", RECORD)).as("a number as a string").isZero();
        assertThat(extract("{\"event_time\":123456789012345678901234567890}", RECORD)).isZero();
        assertThat(extract("{\"event_time\":null}", RECORD)).as("null: none").isEqualTo(RECORD);
    }

    /**
     * A float (Python's json of {@code time.time() * 1000}) is an event time, truncated to its millisecond: the instant
     * 0.4 ms before a window's start belongs to the window before (as in Spark's windows of the same instant).
     */
    @Test
    void aFloatEventTimeIsTruncatedToItsMillisecond() {
        assertThat(extract("{\"event_time\":1.5e12}", RECORD)).isEqualTo(1_500_000_000_000L);
        assertThat(extract("{\"event_time\":1503878401525.4}", RECORD)).isEqualTo(1_503_878_401_525L);
        assertThat(extract("{\"event_time\":1503878414999.6}", RECORD)).as("before the 15 s boundary")
                .isEqualTo(1_503_878_414_999L);
        assertThat(extract("{\"event_time\":1e300}", RECORD)).as("out of a long's range: no time").isZero();
    }

    @Test
    void anEventTimeInAnotherUnitIsNotReplacedByTheRecordTimestamp() {
        // 0: the validator dead-letters it with the reason (DeadLetterEventTimeTest), instead of windowing it by
        // send time
        assertThat(extract("{\"event_time\":1503878401}", RECORD)).as("seconds, not ms").isZero();
        assertThat(extract("{\"event_time\":1503878401525000}", RECORD)).as("microseconds").isZero();
    }

    @Test
    void nothingUsableGivesZeroSoTheValidatorDeadLettersIt() {
        assertThat(extract("{\"event_time\":-1}", -1)).isZero();
        assertThat(extract("garbage", 5)).isZero();
        assertThat(EventTimes.plausible(0)).isFalse();
    }

    @Test
    void nullValueNeverThrows() {
        ConsumerRecord<Object, Object> record = new ConsumerRecord<>("t", 0, 0, RECORD, TimestampType.CREATE_TIME,
                0, 0, "k", null, new RecordHeaders(), Optional.empty());
        assertThat(extractor.extract(record, 42)).isEqualTo(RECORD);
    }

    /** Only a record the checks will pass tells the merge where its partition goes next (InputHeads). */
    @Test
    void onlyARecordThatPassesEveryCheckIsSeenAsItsPartitionsHead() {
        InputHeads heads = new InputHeads();
        EventTimeExtractor seeing = new EventTimeExtractor(heads, EventTimes.RECORD_TIME);
        LocationFix fix = TopologyFixture.fix("ride-1", EVENT, 40, -74, 10);
        Checked<LocationFix> valid = Checked.valid(fix, new byte[0]);

        seeing.extract(checked("ride-1", valid, 0), 42);
        assertThat(heads.timeAt("t", 0, 0)).isEqualTo(EVENT);
        seeing.extract(checked("another-ride", valid, 1), 42);
        assertThat(heads.timeAt("t", 0, 1)).as("key is not the ride id").isEqualTo(InputHeads.UNKNOWN);
        seeing.extract(checked(null, valid, 2), 42);
        assertThat(heads.timeAt("t", 0, 2)).as("no key").isEqualTo(InputHeads.UNKNOWN);
        seeing.extract(checked("ride-1", Checked.dead(new byte[0], "not JSON"), 3), 42);
        assertThat(heads.timeAt("t", 0, 3)).as("invalid value").isEqualTo(InputHeads.UNKNOWN);
        seeing.extract(checked("ride-1", valid, 4), 42);
        assertThat(heads.timeAt("t", 0, 4)).isEqualTo(EVENT);
        seeing.extract(checked(fix.uuid(), valid, 5), 42);
        assertThat(heads.timeAt("t", 0, 5)).as("keyed by its uuid").isEqualTo(EVENT);
        ConsumerRecord<Object, Object> heavy = checked("ride-1", valid, 6);
        heavy.headers().add("trace", new byte[70_000]);
        seeing.extract(heavy, 42);
        assertThat(heads.timeAt("t", 0, 6)).as("headers over the limit: a dead letter").isEqualTo(InputHeads.UNKNOWN);
    }

    /**
     * Under the offset clock a valid reading's time is the epoch plus its offset, rounded to the millisecond, whatever
     * its record timestamp and its event_time say; a dead letter keeps the record's own time.
     */
    @Test
    void underTheOffsetClockAReadingsTimeIsTheEpochPlusItsOffset() {
        long epoch = Instant.parse("2020-01-01T00:00:00Z").toEpochMilli();
        EventTimeExtractor offsets = new EventTimeExtractor(InputHeads.NONE, epoch);
        LocationFix fix = new LocationFix(14.979999, null, "ride-1", "u-1", 90, 40, -74, "dr5ru", 10, 10, EVENT);

        assertThat(offsets.extract(checked("ride-1", Checked.valid(fix, new byte[0]), 0), 42)).isEqualTo(epoch + 14_980);
        assertThat(offsets.extract(checked("ride-1", Checked.dead(new byte[0], "not JSON"), 1), 42)).isEqualTo(RECORD);
        LocationFix far = new LocationFix(1e10, null, "ride-1", "u-1", 90, 40, -74, "dr5ru", 10, 10, 0);
        assertThat(offsets.extract(checked("ride-1", Checked.valid(far, new byte[0]), 2), 42))
                .as("317 years on: no usable time, so the validator dead-letters it").isZero();
        assertThat(extractor.extract(checked("ride-1", Checked.valid(fix, new byte[0]), 0), 42))
                .as("without it, the event_time").isEqualTo(EVENT);
        assertThat(EventTimes.fromOffset(epoch, Double.NaN)).isEqualTo(EventTimes.NONE);

        InputHeads heads = new InputHeads();
        new EventTimeExtractor(heads, epoch).extract(checked("ride-1", Checked.valid(fix, new byte[0]), 7), 42);
        assertThat(heads.timeAt("t", 0, 7)).as("the merge learns the offset's time").isEqualTo(epoch + 14_980);
    }

    private static ConsumerRecord<Object, Object> checked(String key, Checked<?> value, long offset) {
        return new ConsumerRecord<>("t", 0, offset, RECORD, TimestampType.CREATE_TIME, 0, 0, key, value,
                new RecordHeaders(), Optional.empty());
    }

    private long extract(String json, long recordTimestamp) {
        ConsumerRecord<Object, Object> record = new ConsumerRecord<>("t", 0, 0, recordTimestamp, TimestampType.CREATE_TIME,
                0, 0, "k", json.getBytes(StandardCharsets.UTF_8), new RecordHeaders(), Optional.empty());
        return extractor.extract(record, 42);
    }
}
