package org.fleetstreams.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.app.TopologyFixture.EPOCH;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.assertj.core.groups.Tuple;
import org.fleetstreams.app.AppConfig;
import org.fleetstreams.app.FleetTopology;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.Topics;
import org.fleetstreams.time.InputProgress;
import org.fleetstreams.time.ReadingsInOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The input identity read = valid + dead-lettered, and what it cannot see: a record a processor threw on, which Kafka
 * Streams' processing handler takes out (to the dead letters, with a stack trace) after the check counted it valid.
 */
class InputAccountingTest {

    private static final long T = EPOCH + 60_000;

    @TempDir
    Path state;

    @Test
    void holdsForValidAndInvalidInput() {
        AppConfig config = TopologyFixture.config(state);
        try (TopologyTestDriver driver = new TopologyTestDriver(FleetTopology.buildTopology(config), props(config))) {
            Inputs in = new Inputs(driver, config.topics());
            in.fix("r", T);
            in.sample("r", T);
            in.locations.pipeInput("r", "{oops".getBytes());

            InputAccounting accounting = InputAccounting.of(driver.metrics());

            // the counts themselves (all zero would hold the identity too): a fix and a broken record, one sample
            assertThat(accounting.inputs()).extracting(InputAccounting.Input::kind, InputAccounting.Input::read,
                            InputAccounting.Input::valid, InputAccounting.Input::deadLettered)
                    .containsExactlyInAnyOrder(
                            Tuple.tuple(Ingest.LOCATIONS, 2L, 1L, 1L),
                            Tuple.tuple(Ingest.ACCELERATIONS, 1L, 1L, 0L));
            assertThat(accounting.inputs()).filteredOn(i -> i.kind().equals(Ingest.LOCATIONS)).singleElement()
                    .extracting(InputAccounting.Input::byReason).isEqualTo(new TreeMap<>(Map.of("not-json", 1L)));
            assertThat(accounting.holds()).isTrue();
            assertThat(accounting.droppedByHandlers()).isZero();
            assertThat(accounting.report(config.topics())).contains("(holds)").doesNotContain("error handlers");
        }
    }

    /** Task metrics leave with their tasks: a count taken before Kafka Streams closed is kept (StreamsRunner). */
    @Test
    void dropsCountedBeforeACloseStay() {
        AppConfig config = TopologyFixture.config(state);
        try (TopologyTestDriver driver = new TopologyTestDriver(FleetTopology.buildTopology(config), props(config))) {
            InputAccounting accounting = InputAccounting.of(driver.metrics()).withDroppedByHandlers(3);

            assertThat(accounting.droppedByHandlers()).isEqualTo(3);
            assertThat(accounting.holds()).isFalse();
            assertThat(accounting.report(config.topics())).contains("error handlers (a bug: dead letters with a stack trace): 3");
            assertThat(accounting.withDroppedByHandlers(1).droppedByHandlers()).as("the larger count").isEqualTo(3);
        }
    }

    @Test
    void aRecordAProcessorThrewOnIsReportedAndTheIdentityDoesNotHold() {
        // configure: the app's topology with one more reader of the merge, which throws on ride "boom"
        AppConfig config = TopologyFixture.config(state);
        Topology topology = FleetTopology.buildTopology(config);
        topology.addProcessor("boom", Boom::new, ReadingsInOrder.NAME);
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props(config))) {
            Inputs in = new Inputs(driver, config.topics());

            // pipe: a fix, then a sample at its time, which lets the fix go on to the readers
            in.fix("boom", T);
            in.sample("boom", T);

            // verify: the check counted both valid; the handler's drop is reported apart, and breaks the identity
            InputAccounting accounting = InputAccounting.of(driver.metrics());
            assertThat(accounting.inputs()).allSatisfy(i -> assertThat(i.holds()).isTrue());
            assertThat(accounting.droppedByHandlers()).isPositive();
            assertThat(accounting.holds()).isFalse();
            assertThat(accounting.report(config.topics())).contains("DOES NOT HOLD")
                    .contains("dropped by Kafka Streams' error handlers");
        }
    }

    private static final class Boom implements Processor<String, Object, Void, Void> {
        @Override
        public void process(Record<String, Object> r) {
            if ("boom".equals(r.key())) {
                throw new IllegalStateException("a bug");
            }
        }
    }

    private static Properties props(AppConfig config) {
        Properties props = config.streamsProperties();
        props.put(InputProgress.CONFIG, InputProgress.PIPED);
        return props;
    }

    private static final class Inputs {
        final TestInputTopic<String, byte[]> locations;
        final TestInputTopic<String, byte[]> accelerations;

        Inputs(TopologyTestDriver driver, Topics topics) {
            locations = driver.createInputTopic(topics.locations(), new StringSerializer(), new ByteArraySerializer());
            accelerations = driver.createInputTopic(topics.accelerations(), new StringSerializer(), new ByteArraySerializer());
        }

        void fix(String ride, long t) {
            locations.pipeInput(ride, FleetSerdes.locationFix().toBytes(TopologyFixture.fix(ride, t, 40.7, -73.9, 10)),
                    Instant.ofEpochMilli(t));
        }

        void sample(String ride, long t) {
            accelerations.pipeInput(ride, FleetSerdes.accelerationSample().toBytes(TopologyFixture.sample(ride, t, 0, 0, 1)),
                    Instant.ofEpochMilli(t));
        }
    }
}
