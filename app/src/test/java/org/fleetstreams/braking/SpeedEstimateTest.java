package org.fleetstreams.braking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SpeedEstimateTest {

    private static final double MIN = 5.0;
    private static final BrakingConfig CONFIG = BrakingConfig.defaults();

    /** A state whose last valid GPS speed came at {@code fixTime} with the given trend (no fitted axis: 1 s lag). */
    private static DetectorState lastSpeed(double speed, double trend, long fixTime) {
        DetectorState s = new DetectorState();
        s.fixes.knownSpeed = speed;
        s.fixes.knownSpeedTime = fixTime;
        s.fixes.trend = trend;
        return s;
    }

    @Test
    void theOnsetSpeedCarriesTheLaggedGpsSpeedAlongItsTrendEitherWay() {
        // The speed at t=10 s describes 9 s; 1 s later the onset is 2 s past that moment.
        assertThat(SpeedEstimate.onsetSpeed(lastSpeed(8, 1.0, 10_000), 11_000)).isCloseTo(10, within(1e-9));
        assertThat(SpeedEstimate.onsetSpeed(lastSpeed(8, -1.0, 10_000), 11_000)).isCloseTo(6, within(1e-9));
        // At most 2.5 s of extrapolation, never below standing.
        assertThat(SpeedEstimate.onsetSpeed(lastSpeed(8, 1.0, 10_000), 20_000)).isCloseTo(10.5, within(1e-9));
        assertThat(SpeedEstimate.onsetSpeed(lastSpeed(2, -3.0, 10_000), 12_000)).isZero();
    }

    @Test
    void aCarTheGpsSawSlowingIsNotFastEnoughOnAStaleSpeed() {
        // 5.8 m/s described 2 s before the onset, slowing at 1.5 m/s²: about 2.8 m/s now.
        assertThat(SpeedEstimate.fastEnough(lastSpeed(5.8, -1.5, 10_000), 11_000, CONFIG)).isFalse();
        assertThat(SpeedEstimate.fastEnough(lastSpeed(5.8, 0, 10_000), 11_000, CONFIG)).isTrue();
        assertThat(SpeedEstimate.fastEnough(lastSpeed(4.0, 1.0, 10_000), 11_000, CONFIG)).isTrue();
    }

    @Test
    void aStandingCarMayBeFastOnlyOnceItCouldHavePulledAwaySinceTheLastSpeed() {
        // Standing 1 s ago (the lag): 0.4 g for 1 s gives 3.9 m/s, not yet 5.
        assertThat(SpeedEstimate.mayBeFast(lastSpeed(0, 0, 10_000), 10_000, MIN)).isFalse();
        // Standing 3 s ago: it could be at 11.8 m/s.
        assertThat(SpeedEstimate.mayBeFast(lastSpeed(0, 0, 10_000), 12_000, MIN)).isTrue();
        // Not a car the GPS saw slowing.
        assertThat(SpeedEstimate.mayBeFast(lastSpeed(3, -1, 10_000), 12_000, MIN)).isFalse();
    }

    @Test
    void aBrakeThatTookOffItsWholeSpeedLeavesNoneToBrakeOnWith() {
        DetectorState s = new DetectorState();
        BrakeEvent e = s.event;
        e.speedBefore = 6;
        e.start = 0;
        e.end = 1_000;
        e.sumH = 0.7 * 10;
        e.count = 10;
        assertThat(SpeedEstimate.speedLeft(s)).isCloseTo(6 - 0.7 * BrakingDetector.G, within(1e-9)).isLessThan(MIN);
        e.speedBefore = 20;
        assertThat(SpeedEstimate.speedLeft(s)).isGreaterThan(MIN);
    }
}
