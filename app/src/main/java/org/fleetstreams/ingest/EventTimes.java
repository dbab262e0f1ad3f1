package org.fleetstreams.ingest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.fleetstreams.common.EventTimeRange;
import org.fleetstreams.common.OffsetClock;
import org.fleetstreams.common.ReadingFields;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.common.admin.ClosingRecords;

/**
 * Which timestamp a record's event time is: the one owner of that rule. Pure functions, shared by the timestamp
 * extractor (which must never throw) and the validator (which sends records without a usable timestamp to the
 * dead-letter topic, with {@link #noUsableTime}'s reason), so the two always agree; and the offset clock's setting.
 *
 * <p>Plausible means 2000-01-01 to 2100-01-01 ({@link EventTimeRange}, which the replayer checks too): a value outside
 * is a unit mistake (the BDD {@code timestamp} column holds seconds; a microsecond clock gives year 50,000), not a real
 * event time.
 *
 * <p><b>The offset clock.</b> With {@link #OFFSET_EPOCH} set, a reading's event time is that instant plus its
 * {@code offset} ({@link OffsetClock}, as the replayer stamps it), whatever the record timestamp or an
 * {@code event_time} say. It is for producers that publish the data's rows without stamping event times: their record
 * timestamps are send times, and a file published in one burst would otherwise join and window every reading of a
 * ride as if it happened in the same second. The offsets must then be one clock for all rides and both inputs, as
 * the BDD data's are; a replay with {@code --loop} or {@code --passes} starts them again at every pass, so its later
 * passes are late. The order rows are published in is then their event-time order: within an input, one more than
 * the tolerated disorder behind its predecessors is late.
 */
public final class EventTimes {

    public static final long MIN_PLAUSIBLE = EventTimeRange.MIN_PLAUSIBLE;
    public static final long MAX_PLAUSIBLE = EventTimeRange.MAX_PLAUSIBLE;

    /** No usable timestamp: neither the value's event_time nor the record timestamp is plausible. */
    public static final long NONE = -1;

    /**
     * The Streams setting that makes a value's {@code offset} the clock: event time = this instant (ISO-8601, e.g.
     * {@code 2017-08-28T00:00:00Z}) plus the offset. Absent: a value's {@code event_time}, else the record timestamp.
     */
    public static final String OFFSET_EPOCH = "fleetstreams.event-time.offset-epoch";

    /** {@link #offsetEpoch}'s answer when the setting is absent: the record's own time is the event time. */
    public static final long RECORD_TIME = Long.MIN_VALUE;

    private EventTimes() {
    }

    public static boolean plausible(long millis) {
        return EventTimeRange.plausible(millis);
    }

    /**
     * The event time: the value's {@code event_time} when it has one, if plausible, else {@link #NONE}; without one,
     * the record timestamp when plausible, else {@link #NONE}. A given but implausible {@code event_time} (seconds,
     * microseconds, negative) is not replaced by the record timestamp: the producer meant a time and wrote it in
     * another unit, and a quiet substitute would join and window its records by when they were sent. The record
     * goes to the dead letters with the reason ({@link #implausible}).
     *
     * @param valueEventTime the event_time field, or {@code null} (or 0, how a parsed reading says so) when missing or
     *                       unparsable
     */
    public static long resolve(Long valueEventTime, long recordTimestamp) {
        if (valueEventTime != null && valueEventTime != 0) {
            return plausible(valueEventTime) ? valueEventTime : NONE;
        }
        return plausible(recordTimestamp) ? recordTimestamp : NONE;
    }

    /**
     * A valid reading's event time: on the offset clock ({@code offsetEpoch} not {@link #RECORD_TIME}) the epoch plus
     * its offset ({@link #fromOffset}), else its {@code event_time} or the record timestamp ({@link #resolve});
     * {@link #NONE} when that time is not plausible. A closing record only has to come after the data, whichever clock
     * its sender meant (the demo's and the tests' senders leave its offset 0): on the offset clock it takes the later
     * of its two times.
     */
    public static long of(SensorReading reading, long recordTimestamp, long offsetEpoch) {
        if (offsetEpoch == RECORD_TIME) {
            return resolve(reading.eventTime(), recordTimestamp);
        }
        long byOffset = fromOffset(offsetEpoch, reading.offset());
        return ClosingRecords.isClosing(reading.rideId())
                ? Math.max(byOffset, resolve(reading.eventTime(), recordTimestamp)) : byOffset;
    }

    /**
     * The event time under the offset clock: {@code offsetEpoch} plus the value's offset when that is plausible,
     * else {@link #NONE}. The record timestamp and an {@code event_time} play no part.
     */
    public static long fromOffset(long offsetEpoch, double offsetSeconds) {
        if (!Double.isFinite(offsetSeconds) || Math.abs(offsetSeconds) > 1e11) {
            return NONE; // beyond any plausible time, and beyond what a long of ms can add without overflow
        }
        long t = OffsetClock.eventTime(offsetEpoch, offsetSeconds);
        return plausible(t) ? t : NONE;
    }

    /**
     * The {@link #OFFSET_EPOCH} setting in epoch ms, or {@link #RECORD_TIME} when absent; a value that is not an
     * ISO-8601 instant is refused, naming the setting.
     */
    public static long offsetEpoch(Map<?, ?> settings) {
        Object given = settings.get(OFFSET_EPOCH);
        if (given == null) {
            return RECORD_TIME;
        }
        long epoch;
        try {
            epoch = Instant.parse(given.toString().trim()).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException(OFFSET_EPOCH + " must be an ISO-8601 instant such as"
                    + " 2017-08-28T00:00:00Z, was '" + given + "'");
        }
        if (!plausible(epoch)) {
            // 1970 makes every offset a time in 1970, which no reading may have: refused now, not row by row
            throw new IllegalArgumentException(OFFSET_EPOCH + " must be from " + Instant.ofEpochMilli(MIN_PLAUSIBLE)
                    + " to " + Instant.ofEpochMilli(MAX_PLAUSIBLE) + " (the event times the app takes), was " + given);
        }
        return epoch;
    }

    /** Whether a reading's {@code event_time} (0: none) is given but not a plausible epoch-ms time. */
    public static boolean implausible(long valueEventTime) {
        return valueEventTime != 0 && !plausible(valueEventTime);
    }

    /**
     * Why a valid reading has no usable event time, for its dead letter: under the offset clock its offset puts it
     * outside the plausible range; otherwise its {@code event_time} is not a number, or not epoch ms, or it has none
     * and the record timestamp is missing or implausible.
     */
    public static String noUsableTime(SensorReading value, long offsetEpoch) {
        if (offsetEpoch != RECORD_TIME) {
            return "no usable timestamp: offset " + value.offset() + " s after the offset epoch "
                    + Instant.ofEpochMilli(offsetEpoch) + " (" + OFFSET_EPOCH + ") is outside " + MIN_PLAUSIBLE + ".."
                    + MAX_PLAUSIBLE + " ms";
        }
        long eventTime = value.eventTime();
        if (eventTime == ReadingFields.EVENT_TIME_NOT_A_NUMBER) {
            return "no usable timestamp: event_time is not a number of epoch milliseconds (a string, a boolean, an"
                    + " array or an object, or out of a long's range); a given event_time is not replaced by the record"
                    + " timestamp";
        }
        if (eventTime == ReadingFields.EVENT_TIME_ZERO) {
            return "no usable timestamp: event_time 0 is 1970, not epoch milliseconds in " + MIN_PLAUSIBLE + ".."
                    + MAX_PLAUSIBLE + " (a clock not set?); a given event_time is not replaced by the record timestamp";
        }
        if (implausible(eventTime)) {
            return "no usable timestamp: event_time " + eventTime + " is not epoch milliseconds in " + MIN_PLAUSIBLE
                    + ".." + MAX_PLAUSIBLE + " (seconds? microseconds?); a given event_time is not replaced by the record"
                    + " timestamp";
        }
        return "no usable timestamp: event_time " + eventTime + " and the record timestamp are both missing or outside "
                + MIN_PLAUSIBLE + ".." + MAX_PLAUSIBLE + " ms";
    }
}
