package org.fleetstreams.braking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.braking.BrakingProcessorFixtures.DISORDER_MS;
import static org.fleetstreams.braking.BrakingProcessorFixtures.ENDS_WITH_A_BRAKE;
import static org.fleetstreams.braking.BrakingProcessorFixtures.alerts;
import static org.fleetstreams.braking.BrakingProcessorFixtures.context;
import static org.fleetstreams.braking.BrakingProcessorFixtures.drive;
import static org.fleetstreams.braking.BrakingProcessorFixtures.feed;
import static org.fleetstreams.braking.BrakingProcessorFixtures.processor;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.time.ReadingsStopped;
import org.junit.jupiter.api.Test;

/**
 * A brake at a ride's very end, when the whole input stops with it: no record of any ride moves event time on, so only
 * the merge's word that the inputs stopped ({@link ReadingsStopped}) can decide it, once they have stopped for as long
 * as the ride's silence, and it decides it as that silence would have.
 */
class BrakingProcessorStopTest {

    /** How long a ride must have sent nothing to be taken as ended: the detector's silence plus the disorder. */
    private static final long SILENCE_MS = BrakingDetector.SILENT_MS + DISORDER_MS;

    @Test
    void aBrakeAtTheVeryEndOfTheInputIsDecidedWhenTheInputsStopAsItsSilenceWouldDecideIt() {
        // configure: the ride that ends with a brake, twice; nothing comes after it
        List<SensorReading> readings = ENDS_WITH_A_BRAKE.readings("r", SyntheticRide.Orientation.DASHCAM, 7);
        long last = readings.get(readings.size() - 1).eventTime();
        MockProcessorContext<String, Object> stopped = context(null);
        BrakingProcessor byTheStop = processor(stopped);
        feed(byTheStop, readings);
        MockProcessorContext<String, Object> silent = context(null);
        BrakingProcessor bySilence = processor(silent);
        feed(bySilence, readings);
        assertThat(alerts(stopped)).as("undecided while the input may go on").isEmpty();
        stopped.resetCommit();

        // pipe input: the inputs stop, a look shortly before the silence, one at it; for the other run, another
        // ride's records move event time past the silence
        byTheStop.process(stop(last, SILENCE_MS - 1));
        assertThat(alerts(stopped)).as("stopped for less than the silence").isEmpty();
        byTheStop.process(stop(last, SILENCE_MS));
        drive(bySilence, last + 100, last + 3_000, "other");

        // verify: one alert, the one the silence gives, decided at the ride's silence and committed at once
        List<CapturedForward<? extends String, ?>> alerts = alerts(stopped);
        assertThat(alerts).hasSize(1);
        assertThat(alerts(silent)).hasSize(1);
        assertThat(alerts.get(0).record().value()).isEqualTo(alerts(silent).get(0).record().value());
        assertThat(alerts.get(0).record().key()).isEqualTo("r");
        assertThat(decidedAt(alerts.get(0))).isEqualTo("stopped:" + (last + SILENCE_MS));
        assertThat(stopped.committed()).isTrue();
    }

    @Test
    void aSecondStopDecidesNothingAgainAndARideStillBrakingIsDecidedOnce() {
        MockProcessorContext<String, Object> context = context(null);
        BrakingProcessor processor = processor(context);
        List<SensorReading> readings = ENDS_WITH_A_BRAKE.readings("r", SyntheticRide.Orientation.DASHCAM, 7);
        long last = readings.get(readings.size() - 1).eventTime();
        feed(processor, readings);

        processor.process(stop(last, SILENCE_MS));
        processor.process(stop(last, SILENCE_MS + 200));
        drive(processor, last + 100, last + 5_000, "other");

        assertThat(alerts(context)).hasSize(1);
    }

    @Test
    void aStopWithNoRideWaitingForwardsNothing() {
        MockProcessorContext<String, Object> context = context(null);
        BrakingProcessor processor = processor(context);
        drive(processor, 0, 5_000, "a", "b");
        context.resetForwards();

        processor.process(stop(5_000, SILENCE_MS));

        assertThat(context.forwarded()).isEmpty();
    }

    private static Record<String, Object> stop(long at, long forMs) {
        return new Record<>(null, new ReadingsStopped(forMs), at);
    }

    private static String decidedAt(CapturedForward<? extends String, ?> alert) {
        return new String(alert.record().headers().lastHeader(HarshBraking.DECIDED_AT_HEADER).value(),
                StandardCharsets.UTF_8);
    }
}
