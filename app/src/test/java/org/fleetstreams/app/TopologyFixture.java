package org.fleetstreams.app;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.CarSummary;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.JoinedReading;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.common.Topics;
import org.fleetstreams.time.InputProgress;
import org.fleetstreams.common.admin.ClosingRecords;

/** The app topology in a {@link TopologyTestDriver}, with typed access to its topics. */
public final class TopologyFixture implements AutoCloseable {

    public static final long EPOCH = Instant.parse("2017-08-28T00:00:00Z").toEpochMilli();

    public final AppConfig config;
    public final TopologyTestDriver driver;
    public final TestInputTopic<String, byte[]> locations;
    public final TestInputTopic<String, byte[]> accelerations;
    public final TestOutputTopic<String, JoinedReading> joined;
    public final TestOutputTopic<String, CarSummary> summaries;
    public final TestOutputTopic<String, byte[]> deadLetters;

    public TopologyFixture(AppConfig config) {
        this.config = config;
        // The driver's input is exactly what a test pipes: always read to its end (InputProgress.ALL_READ).
        Properties props = config.streamsProperties();
        props.put(InputProgress.CONFIG, InputProgress.PIPED);
        driver = new TopologyTestDriver(FleetTopology.buildTopology(config), props);
        Topics topics = config.topics();
        locations = driver.createInputTopic(topics.locations(), new StringSerializer(), new ByteArraySerializer());
        accelerations = driver.createInputTopic(topics.accelerations(), new StringSerializer(), new ByteArraySerializer());
        joined = driver.createOutputTopic(topics.joined(), new StringDeserializer(), FleetSerdes.joinedReading().deserializer());
        summaries = driver.createOutputTopic(topics.carSummaries(), new StringDeserializer(), FleetSerdes.carSummary().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** The production configuration (same time policy, same idle setting) with prefix "t" and a temporary state dir. */
    public static AppConfig config(Path stateDir) {
        return AppConfig.defaults("unused:9092", Topics.withPrefix("t")).withApplicationId("topology-test")
                .withStateDir(stateDir);
    }

    /** The stream time at which the summary window ending at {@code windowEnd} closes under {@code config}. */
    public static long closeTime(AppConfig config, long windowEnd) {
        return windowEnd + config.time().summaryGrace(config.braking().maxEmitDelay()).toMillis();
    }

    /**
     * Moves both inputs' event time to {@code t} with a closing fix and sample ({@link ClosingRecords}), as the end of
     * a replay does: the results' clock follows the slower input, and closing records produce no output.
     */
    public void advanceBothInputsTo(long t) {
        pipe(fix(ClosingRecords.RIDE_ID, t, 0, 0, -1));
        pipe(sample(ClosingRecords.RIDE_ID, t, 0, 0, 1));
    }

    /** Pipes a reading of either kind, as the replayer publishes it. */
    public void pipe(SensorReading reading) {
        if (reading instanceof LocationFix fix) {
            pipe(fix);
        } else {
            pipe((AccelerationSample) reading);
        }
    }

    /** Pipes a fix as the replayer publishes it: key = ride, record timestamp = event time. */
    public void pipe(LocationFix fix) {
        pipe(fix, new RecordHeaders());
    }

    public void pipe(AccelerationSample sample) {
        pipe(sample, new RecordHeaders());
    }

    /** Pipes a reading of either kind as the replayer publishes it, with these headers. */
    public void pipe(SensorReading reading, Headers headers) {
        if (reading instanceof LocationFix fix) {
            locations.pipeInput(new TestRecord<>(fix.rideId(), FleetSerdes.locationFix().toBytes(fix), headers,
                    Instant.ofEpochMilli(fix.eventTime())));
        } else {
            AccelerationSample sample = (AccelerationSample) reading;
            accelerations.pipeInput(new TestRecord<>(sample.rideId(), FleetSerdes.accelerationSample().toBytes(sample),
                    headers, Instant.ofEpochMilli(sample.eventTime())));
        }
    }

    public static LocationFix fix(String ride, long eventTime, double lat, double lon, double speed) {
        return new LocationFix((eventTime - EPOCH) / 1000.0, null, ride, "u-" + ride, 90, lat, lon, "dr5ru", speed, 10, eventTime);
    }

    public static AccelerationSample sample(String ride, long eventTime, double x, double y, double z) {
        return new AccelerationSample((eventTime - EPOCH) / 1000.0, null, ride, "u-" + ride, x, y, z, eventTime);
    }

    public <K, V> List<TestRecord<K, V>> drain(TestOutputTopic<K, V> topic) {
        return topic.readRecordsToList();
    }

    /** A metric's value by name and tag value (e.g. dead-letter-total, kind=locations). */
    public double metric(String name, String tagValue) {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && (tagValue == null || e.getKey().tags().containsValue(tagValue)))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
    }

    @Override
    public void close() {
        driver.close();
    }
}
