package org.fleetstreams.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.deadletter.DeadLetters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks that need the whole record, after {@link CheckedSerde} has parsed and checked the value. A valid reading
 * goes on, with its resolved event time (the record timestamp the extractor chose), to every processor named in
 * {@code readers}; anything else goes to {@value DeadLetters#SINK}: the original bytes, headers naming source topic,
 * partition, offset and reason, and one count in the {@code dead-letter-total} metric (tag: the kind) and in
 * {@code dead-letter-reason-total} (tag: kind/category, {@link DeadLetters#category}); the readers then get
 * {@link Skipped#RECORD} in its place, so the merge knows the offset is read. Every record is counted in
 * {@code read-total} and, when it goes on, in {@code valid-total} (tag: the kind), so that {@link InputAccounting}
 * can check read = valid + dead-lettered from the metrics alone.
 *
 * <p>Rules, in order: the value's own verdict (null, not JSON, a missing or null number, wrong types, the reading's
 * checks in {@link ReadingCheck}); a key that is neither the value's ride_id nor its uuid ({@link #keyIsRide}: joins
 * and windows are per ride and partition, so another key could silently split a ride), where a record without a key is
 * taken as keyed by its ride when the inputs have one partition ({@link #rideOfKeylessRecord}); no usable timestamp.
 */
final class CheckAndRoute<T extends SensorReading> implements Processor<String, Checked<T>, String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(CheckAndRoute.class);

    private final String kind;
    private final List<String> readers;
    private ProcessorContext<String, Object> context;
    private Sensor read;
    private Sensor valid;
    private Sensor deadLetters;
    private final Map<String, Sensor> byReason = new HashMap<>();
    /** The inputs' partition count, as the app found it at start ({@link Ingest#INPUT_PARTITIONS}); 0: not known. */
    private int partitions;
    /** The offset clock's epoch ({@link EventTimes#OFFSET_EPOCH}), or {@link EventTimes#RECORD_TIME}. */
    private final long offsetEpoch;
    /** GPS fixes timed by their record timestamp, looked at until one says the timestamps are send times; else null. */
    private TimestampsOffOffsets offClock;

    /**
     * @param kind    "locations" or "accelerations": the metric's tag
     * @param readers the processors that take valid readings, and {@link Skipped#RECORD} for each dead letter
     * @param offsetEpoch the extractor's: {@link EventTimes#RECORD_TIME} or the offset clock's epoch
     */
    CheckAndRoute(String kind, List<String> readers, long offsetEpoch) {
        this.kind = kind;
        this.readers = List.copyOf(readers);
        this.offsetEpoch = offsetEpoch;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.read = DeadLetters.sensor(context, kind, InputAccounting.READ);
        this.valid = DeadLetters.sensor(context, kind, InputAccounting.VALID);
        this.deadLetters = DeadLetters.sensor(context, kind, DeadLetters.DEAD_LETTER_METRIC);
        // Every reason's counter from the start, at 0: made at its first dead letter, its series began at 1, and a
        // Prometheus increase() or rate() never counted that first burst.
        byReason.clear();
        for (String category : DeadLetters.CATEGORIES) {
            byReason.put(category, DeadLetters.sensor(context, kind + "/" + category,
                    DeadLetters.DEAD_LETTER_REASON_METRIC));
        }
        this.partitions = Ingest.inputPartitions(context.appConfigs());
        this.offClock = kind.equals(Ingest.LOCATIONS) && offsetEpoch == EventTimes.RECORD_TIME
                ? new TimestampsOffOffsets() : null;
    }

    @Override
    public void process(Record<String, Checked<T>> record) {
        read.record();
        Checked<T> checked = record.value();
        if (checked == null) {
            checked = Checked.dead(null, "null value");
        }
        T value = checked.value();
        if (checked.isValid() && record.key() == null) {
            int partition = context.recordMetadata().map(m -> m.partition()).orElse(-1);
            if (rideOfKeylessRecord(partition, partitions)) {
                record = record.withKey(value.rideId());
            } else {
                checked = checked.dead("key missing: the record has no key, the value's ride_id is '"
                        + quoted(value.rideId()) + "' (produce with key = ride_id: joins and windows are per key"
                        + (partitions > 1 ? "; with " + partitions + " partitions a keyless producer spreads a ride's"
                        + " records over them" : "") + ")");
            }
        }
        if (checked.isValid() && !value.rideId().equals(record.key())) {
            if (keyIsRide(record.key(), value)) {
                record = record.withKey(value.rideId()); // keyed by its uuid: by its ride from here on
            } else {
                checked = checked.dead("key '" + quoted(record.key()) + "' is neither the value's ride_id '"
                        + quoted(value.rideId()) + "' nor its uuid " + (value.uuid() == null ? "(none)"
                        : "'" + quoted(value.uuid()) + "'"));
            }
        }
        if (checked.isValid()) {
            if (!headersFit(record.headers())) {
                long headerBytes = DeadLetters.headerBytes(record.headers());
                // they go with every joined pair and alert of the reading: near the broker's 1 MB, such an output is
                // over the producer's limit, and under exactly-once the task would fail on this input again and again
                checked = checked.dead(String.format(Locale.ROOT, "headers too large: %,d bytes (names, values and"
                        + " %d bytes of lengths each), a reading's may have at most %,d", headerBytes,
                        DeadLetters.HEADER_OVERHEAD,
                        DeadLetters.MAX_INPUT_HEADER_BYTES));
            }
        }
        if (checked.isValid() && !EventTimes.plausible(record.timestamp())) {
            checked = checked.dead(EventTimes.noUsableTime(value, offsetEpoch));
        }
        if (checked.isValid() && offClock != null && value.eventTime() == 0
                && !ClosingRecords.isClosing(value.rideId())) {
            offClock.look(value.rideId(), value.offset(), record.timestamp()).ifPresent(warning -> {
                LOG.warn("{} (task {})", warning, context.taskId());
                offClock = null; // once per task
            });
        }
        if (checked.isValid()) {
            @SuppressWarnings("unchecked")
            T resolved = value.eventTime() == record.timestamp() ? value
                    : (T) value.withIdentity(value.id(), value.rideId(), value.uuid(), record.timestamp());
            // Counted before forwarding: an exception downstream must not leave a record read but neither valid nor dead.
            valid.record();
            Record<String, Object> forwarded = record.withValue(resolved == value ? checked : Checked.valid(resolved, checked.raw()));
            for (String reader : readers) {
                context.forward(forwarded, reader);
            }
            return;
        }
        deadLetters.record();
        byReason.get(DeadLetters.category(checked.reason())).record();
        DeadLetters.forward(context, record, checked.raw(), DeadLetters.invalid(context, record.headers(), checked.reason()));
        Record<String, Object> skipped = record.withValue(Skipped.RECORD);
        for (String reader : readers) {
            context.forward(skipped, reader);
        }
    }

    /**
     * A record without a key (a producer that sets none: {@code kafka-console-producer} without {@code parse.key}, a
     * Spark sink without a key column) is its value's ride's when the inputs have one partition: every record of every
     * ride is there. With more, such a producer spreads a ride's records over the partitions (the sticky partitioner),
     * and taking the share that happens to sit in the ride's partition would give normal-looking results from a thinned
     * ride: each is a dead letter. {@code partitions} 0: not known (a TopologyTestDriver without the setting). A
     * partition other than 0 means partitions were added since the app read the count: a dead letter too.
     */
    static boolean rideOfKeylessRecord(int partition, int partitions) {
        return partitions == 1 && partition == 0;
    }

    /**
     * The key rule: a reading's record is keyed by its ride id, or by its {@code uuid} (the phone's: a producer that
     * keys "by car"). Either puts every record of a ride, in both inputs, in one partition number, which is all the
     * per-ride join, windows and detector need; a record keyed by its uuid goes on keyed by its ride id. Anything else
     * (a key of another ride, a sequence number) could put a ride's records in several partitions, each summarised
     * apart: a dead letter.
     */
    static boolean keyIsRide(Object key, SensorReading reading) {
        return key != null && (key.equals(reading.rideId()) || key.equals(reading.uuid()));
    }

    /** Whether a record's headers pass: a reading's go with every output of it, so they are bounded. */
    static boolean headersFit(Iterable<Header> headers) {
        return DeadLetters.headerBytes(headers) <= DeadLetters.MAX_INPUT_HEADER_BYTES;
    }

    /** A value quoted in a reason, cut after {@value #QUOTED_CHARS} characters: the record itself is in the dead letter. */
    static String quoted(String s) {
        return s == null || s.length() <= QUOTED_CHARS ? s
                : s.substring(0, QUOTED_CHARS) + "... (" + s.length() + " characters)";
    }

    private static final int QUOTED_CHARS = 100;
}
