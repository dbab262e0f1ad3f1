package org.fleetstreams.time;

import org.apache.kafka.common.metrics.Sensor;

/**
 * Watches the order {@link ReadingsInOrder} lets records go in: a GPS fix let go behind a ride's sample of its time or
 * later breaks the order the braking detector's results depend on (it fits the phone's forward axis from the speed at
 * each fix, and reports the deceleration peak between fixes). Counted in the metric {@value #METRIC}{@code -total}.
 *
 * <p>0 where every record is on time and the replayer's headers say what is on its way. A fix out of order in its own
 * partition (another producer, within the tolerated disorder) counts, as does a fix that broke a promise
 * ({@link FixPromises}); so does one the merge let a sample overtake, which is what this is for: the fault scenarios
 * found that way that a GPS input was taken for idle while a fix was on its way ({@link ReleaseHorizon}).
 */
final class FixOrderWatch {

    static final String METRIC = "fix-behind-samples";

    /** The latest time of a ride's sample let go since the task started. */
    private long samplesOut = EventClock.NONE;
    private long behind;
    private Sensor sensor;

    /** A task's start: nothing let go yet; fixes behind are counted in {@code counter} too. */
    void start(Sensor counter) {
        sensor = counter;
        samplesOut = EventClock.NONE;
        behind = 0;
    }

    /** The latest time of a sample let go so far ({@link EventClock#NONE}: none). */
    long samplesOut() {
        return samplesOut;
    }

    /** A ride's sample at {@code time} was let go. */
    void sample(long time) {
        samplesOut = Math.max(samplesOut, time);
    }

    /** A fix at {@code time} is let go: how many fixes went behind a sample since the start, 0 if this one did not. */
    long fix(long time) {
        if (time > samplesOut) {
            return 0;
        }
        if (sensor != null) {
            sensor.record();
        }
        return ++behind;
    }
}
