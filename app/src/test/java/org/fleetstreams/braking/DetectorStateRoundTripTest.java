package org.fleetstreams.braking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fleetstreams.app.TestData;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.junit.jupiter.api.Test;

/**
 * A detector restored from its stored bytes goes on exactly as one that never stopped: what a task that moves to
 * another instance, or restarts after a crash, relies on. Every ride of data/sample is run twice, once with one state
 * object and once with the state written to bytes and read back after every reading; the outputs must be equal.
 */
class DetectorStateRoundTripTest {

    @Test
    void aStateReadBackFromItsBytesAfterEveryReadingGivesTheSameOutputs() {
        List<SensorReading> readings = TestData.readings(Path.of("..", "data", "sample"), TopologyFixture.EPOCH);
        assertThat(roundTrip(readings)).as("alerts in data/sample (the comparison must cover some)").isGreaterThan(20);
    }

    /**
     * The same with every 10th sample of each ride, a phone at 5 Hz or slower, whose despike depends on the interval
     * before the last sample (kept in the state since format 12).
     */
    @Test
    void aSlowPhonesStateReadBackGivesTheSameOutputs() {
        Map<String, Integer> seen = new HashMap<>();
        List<SensorReading> slow = TestData.readings(Path.of("..", "data", "sample"), TopologyFixture.EPOCH).stream()
                .filter(r -> !(r instanceof AccelerationSample) || seen.merge(r.rideId(), 1, Integer::sum) % 10 == 0)
                .toList();
        assertThat(roundTrip(slow)).as("alerts at 5 Hz (the comparison must cover some)").isGreaterThan(10);
    }

    /** Runs the readings with one kept state and one read back from its bytes before every reading; the alerts. */
    private static int roundTrip(List<SensorReading> readings) {
        BrakingDetector detector = new BrakingDetector(BrakingConfig.defaults());
        Map<String, DetectorState> kept = new HashMap<>();
        Map<String, DetectorState> restored = new HashMap<>();
        List<BrakingOutput> keptOutputs = new ArrayList<>();
        List<BrakingOutput> restoredOutputs = new ArrayList<>();
        int alerts = 0;
        for (SensorReading r : readings) {
            DetectorState a = kept.computeIfAbsent(r.rideId(), k -> new DetectorState());
            DetectorState b = DetectorState.fromBytes(restored.computeIfAbsent(r.rideId(), k -> new DetectorState()).toBytes());
            restored.put(r.rideId(), b);
            List<BrakingOutput> fromA = step(detector, a, r);
            List<BrakingOutput> fromB = step(detector, b, r);
            keptOutputs.addAll(fromA);
            restoredOutputs.addAll(fromB);
            alerts += (int) fromA.stream().filter(BrakingOutput::isAlert).count();
            assertThat(fromB).as("outputs after %s of ride %s at %d", r.getClass().getSimpleName(), r.rideId(),
                    r.eventTime()).isEqualTo(fromA);
        }
        assertThat(restoredOutputs).isEqualTo(keptOutputs);
        return alerts;
    }

    private static List<BrakingOutput> step(BrakingDetector detector, DetectorState state, SensorReading r) {
        return r instanceof LocationFix fix ? detector.onFix(state, fix) : detector.onSample(state, (AccelerationSample) r);
    }
}
