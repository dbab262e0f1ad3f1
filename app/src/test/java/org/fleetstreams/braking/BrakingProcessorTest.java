package org.fleetstreams.braking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.braking.BrakingProcessorFixtures.DISORDER_MS;
import static org.fleetstreams.braking.BrakingProcessorFixtures.ENDS_WITH_A_BRAKE;
import static org.fleetstreams.braking.BrakingProcessorFixtures.alerts;
import static org.fleetstreams.braking.BrakingProcessorFixtures.context;
import static org.fleetstreams.braking.BrakingProcessorFixtures.drive;
import static org.fleetstreams.braking.BrakingProcessorFixtures.feed;
import static org.fleetstreams.braking.BrakingProcessorFixtures.processor;
import static org.fleetstreams.braking.BrakingProcessorFixtures.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.ingest.CheckedRecords;
import org.fleetstreams.time.TimePolicy;
import org.junit.jupiter.api.Test;

/**
 * The detector's processor asks for a commit with every alert: an alert is visible to a read_committed consumer only
 * once its transaction commits, and without the request it waits for the next scheduled one (up to
 * {@code commit.interval.ms}). Measured in docs/benchmarks.md ("alert latency").
 */
class BrakingProcessorTest {

    /** 15 m/s, a minute of gentle speed changes (the axis fit), then a 0.45 g brake for 2 s, then cruising. */
    private static final SyntheticRide RIDE = new SyntheticRide().from(15).wiggle(60, 0.1).cruise(3)
            .accelerate(2, -0.45).cruise(6);

    @Test
    void theRecordThatForwardsAnAlertAsksForACommitAndNoOtherDoes() {
        // configure
        MockProcessorContext<String, Object> context = context(null);
        BrakingProcessor processor = processor(context);

        // pipe input, one reading at a time, noting which ones forwarded an alert and which asked for a commit
        List<Integer> alertAt = new ArrayList<>();
        List<Integer> commitAt = new ArrayList<>();
        List<SensorReading> readings = RIDE.readings("r", SyntheticRide.Orientation.DASHCAM, 7);
        for (int i = 0; i < readings.size(); i++) {
            context.resetForwards();
            context.resetCommit();
            processor.process(CheckedRecords.of(readings.get(i)));
            if (context.forwarded().stream().anyMatch(f -> f.record().value() instanceof HarshBrakingAlert)) {
                alertAt.add(i);
            }
            if (context.committed()) {
                commitAt.add(i);
            }
        }

        // verify: one alert, and the commit asked for by exactly the record that forwarded it
        assertThat(alertAt).hasSize(1);
        assertThat(commitAt).isEqualTo(alertAt);
    }

    @Test
    void withTheSettingOffAnAlertWaitsForTheScheduledCommit() {
        MockProcessorContext<String, Object> context = context("false");
        BrakingProcessor processor = processor(context);

        int alerts = 0;
        for (SensorReading r : RIDE.readings("r", SyntheticRide.Orientation.DASHCAM, 7)) {
            context.resetForwards();
            processor.process(CheckedRecords.of(r));
            alerts += (int) context.forwarded().stream().filter(f -> f.record().value() instanceof HarshBrakingAlert)
                    .count();
        }

        assertThat(alerts).isEqualTo(1);
        assertThat(context.committed()).isFalse();
    }

    @Test
    void aRideQuietForTenMinutesOfEventTimeLeavesTheStoreAndComesBackAfresh() {
        MockProcessorContext<String, Object> context = context(null);
        BrakingProcessor processor = processor(context, 1_000);
        KeyValueStore<String, DetectorState> store = context.getStateStore(HarshBraking.STORE);
        long epoch = TopologyFixture.EPOCH;
        long quiet = BrakingProcessor.QUIET_RIDE_MS;

        // ride a drives 5 s and ends; rides b and c drive on, past a's last reading plus the quiet time and a look
        drive(processor, epoch, epoch + 5_000, "a", "b", "c");
        drive(processor, epoch + 5_000, epoch + 5_000 + quiet - 1_000, "b", "c");
        assertThat(store.get("a")).as("quiet for less than the quiet time").isNotNull();
        drive(processor, epoch + 5_000 + quiet, epoch + 5_000 + quiet + 61_000, "b", "c");

        assertThat(store.get("a")).as("quiet for longer").isNull();
        assertThat(store.get("b")).isNotNull();
        assertThat(store.get("c")).isNotNull();
        long back = epoch + 5_000 + quiet + 62_000;
        processor.process(CheckedRecords.of(TopologyFixture.sample("a", back, 0, 0, 1)));
        assertThat(store.get("a").lastEventTime()).as("a new state").isEqualTo(back);
        assertThat(store.get("a").fixes.hasFix).isFalse();
    }

    @Test
    void aRideBackAfterTheQuietTimeStartsAfreshWhetherOrNotALookForgotItMeanwhile() {
        // looks come at other moments after a restart: what a returning ride gets must not depend on them
        MockProcessorContext<String, Object> context = context(null);
        BrakingProcessor processor = processor(context, Integer.MAX_VALUE);
        KeyValueStore<String, DetectorState> store = context.getStateStore(HarshBraking.STORE);
        long epoch = TopologyFixture.EPOCH;
        long quiet = BrakingProcessor.QUIET_RIDE_MS;
        drive(processor, epoch, epoch + 5_000, "a", "b", "c");
        drive(processor, epoch + 5_000, epoch + 5_000 + quiet + 30_000, "b", "c");
        assertThat(store.get("a")).as("no look since a became quiet").isNotNull();
        assertThat(store.get("a").fixes.hasFix).isTrue();

        processor.process(CheckedRecords.of(TopologyFixture.sample("a", epoch + 5_000 + quiet + 31_000, 0, 0, 1)));

        assertThat(store.get("a").fixes.hasFix).as("a fresh state, as if a look had forgotten it").isFalse();
    }

    @Test
    void ridesStampedInTheFutureDoNotMakeTheOthersQuiet() {
        MockProcessorContext<String, Object> context = context(null);
        BrakingProcessor processor = processor(context, 1_000);
        KeyValueStore<String, DetectorState> store = context.getStateStore(HarshBraking.STORE);
        long epoch = TopologyFixture.EPOCH;

        // two trips of a phone whose clock is a year ahead (its records pass the input check: 2000 to 2100)
        drive(processor, epoch, epoch + 5_000, "a", "b", "c");
        long ahead = epoch + 365L * 86_400_000;
        drive(processor, ahead, ahead + 120_000, "future", "future-2");

        assertThat(store.get("a")).isNotNull();
        assertThat(store.get("b")).isNotNull();
        assertThat(store.get("c")).isNotNull();
    }


    @Test
    void aBrakeAtTheVeryEndOfARideIsDecidedOnceItsTasksTimeMovesOn() {
        // configure: the ride that ends with a brake, alone: nothing of its own comes after the brake
        MockProcessorContext<String, Object> context = context(null);
        BrakingProcessor processor = processor(context);
        List<SensorReading> readings = ENDS_WITH_A_BRAKE.readings("r", SyntheticRide.Orientation.DASHCAM, 7);
        feed(processor, readings);
        assertThat(alerts(context)).as("undecided while nothing else has come").isEmpty();
        long last = readings.get(readings.size() - 1).eventTime();

        // pipe input: another ride of the same task goes on for 3 s after the first one's last record
        context.resetForwards();
        drive(processor, last + 100, last + 3_000, "other");

        // verify: one alert for the brake, decided by the first ride's silence, and named so
        List<MockProcessorContext.CapturedForward<? extends String, ?>> alerts = alerts(context);
        assertThat(alerts).hasSize(1);
        HarshBrakingAlert alert = (HarshBrakingAlert) alerts.get(0).record().value();
        assertThat(alert.rideId()).isEqualTo("r");
        assertThat(alerts.get(0).record().key()).isEqualTo("r");
        assertThat(alert.peakDecelG()).isGreaterThan(0.35);
        String decidedAt = new String(alerts.get(0).record().headers().lastHeader(HarshBraking.DECIDED_AT_HEADER).value(),
                StandardCharsets.UTF_8);
        long decided = Long.parseLong(decidedAt.substring("silent:".length()));
        assertThat(decidedAt).startsWith("silent:");
        assertThat(decided).isBetween(last + BrakingDetector.SILENT_MS + DISORDER_MS,
                last + BrakingDetector.SILENT_MS + DISORDER_MS + 100);
    }

    @Test
    void aSilentRideIsDecidedTheSameWhetherItsOwnRecordOrAnotherRidesRevealsTheSilence() {
        // configure: the same ride twice; after its silence, once another ride's records come, once its own again
        List<SensorReading> readings = ENDS_WITH_A_BRAKE.readings("r", SyntheticRide.Orientation.DASHCAM, 7);
        long last = readings.get(readings.size() - 1).eventTime();
        MockProcessorContext<String, Object> byOther = context(null);
        BrakingProcessor first = processor(byOther);
        feed(first, readings);
        MockProcessorContext<String, Object> byItself = context(null);
        BrakingProcessor second = processor(byItself);
        feed(second, readings);

        // pipe input: 4 s after the ride's last record, another ride's records, or the ride's own
        drive(first, last + 4_000, last + 6_000, "other");
        drive(second, last + 4_000, last + 6_000, "r");

        // verify: one and the same alert either way, decided by the silence
        List<MockProcessorContext.CapturedForward<? extends String, ?>> a = alerts(byOther);
        List<MockProcessorContext.CapturedForward<? extends String, ?>> b = alerts(byItself);
        assertThat(a).hasSize(1);
        assertThat(b).hasSize(1);
        assertThat(b.get(0).record().value()).isEqualTo(a.get(0).record().value());
        assertThat(new String(b.get(0).record().headers().lastHeader(HarshBraking.DECIDED_AT_HEADER).value(),
                StandardCharsets.UTF_8)).isEqualTo("silent:" + (last + 4_000));
    }

    @Test
    void aRestartedTaskStillDecidesTheBrakeOfARideThatEndedBeforeIt() {
        // configure: the ride's records, then the task closes (its state is in the store) and starts again
        MockProcessorContext<String, Object> context = context(null);
        KeyValueStore<String, DetectorState> store = store(context);
        BrakingProcessor before = new BrakingProcessor(BrakingConfig.defaults(), "summaries", 50_000, DISORDER_MS);
        before.init(context);
        List<SensorReading> readings = ENDS_WITH_A_BRAKE.readings("r", SyntheticRide.Orientation.DASHCAM, 7);
        feed(before, readings);
        BrakingProcessor after = new BrakingProcessor(BrakingConfig.defaults(), "summaries", 50_000, DISORDER_MS);
        after.init(context);
        context.resetForwards();
        long last = readings.get(readings.size() - 1).eventTime();

        drive(after, last + 100, last + 3_000, "other");

        assertThat(alerts(context)).hasSize(1);
        assertThat(store.get("r")).isNotNull();
    }

    @Test
    void aRideThatGoesOnAfterItsBrakeGetsOneAlertWhateverElseTheTaskReads() {
        // configure: the brake with six seconds of cruising after it, and a second ride interleaved in event time
        MockProcessorContext<String, Object> context = context(null);
        BrakingProcessor processor = processor(context);
        List<SensorReading> readings = RIDE.readings("r", SyntheticRide.Orientation.DASHCAM, 7);
        long first = readings.get(0).eventTime();
        int other = 0;
        for (SensorReading r : readings) {
            while (first + other * 100L < r.eventTime()) {
                processor.process(CheckedRecords.of(TopologyFixture.sample("other", first + other * 100L, 0, 0, 1)));
                other++;
            }
            processor.process(CheckedRecords.of(r));
        }
        drive(processor, first + other * 100L, first + other * 100L + 5_000, "other");

        assertThat(alerts(context)).hasSize(1).allSatisfy(a -> assertThat(new String(
                a.record().headers().lastHeader(HarshBraking.DECIDED_AT_HEADER).value(),
                StandardCharsets.UTF_8)).startsWith("sample:"));
    }
}
