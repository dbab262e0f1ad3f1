package org.fleetstreams.pipeline;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What a {@link LocalPipeline} replays: a data set, at a speed, from an epoch, as a fleet of clones, once or looping.
 * Defaults: max speed, the epoch now, one car per ride, one pass.
 *
 * @param epoch       event time of offset 0; null = now, to the second (a test's replay; the replayer's own default
 *                    is rounded down to a minute)
 * @param fixesBefore whether the replayer writes its {@code FixesBefore} headers (its default; false is its
 *                    {@code --no-fixes-before})
 */
public record Replay(Path data, double speed, Instant epoch, int fleet, boolean loop, boolean fixesBefore) {

    public Replay {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be > 0 (Infinity = max), was " + speed);
        }
        if (fleet < 1) {
            throw new IllegalArgumentException("fleet must be >= 1, was " + fleet);
        }
    }

    public static Replay of(Path data) {
        return new Replay(data, Double.POSITIVE_INFINITY, null, 1, false, true);
    }

    /** Simulated seconds per wall-clock second; {@code Double.POSITIVE_INFINITY} = as fast as Kafka takes it. */
    public Replay atSpeed(double factor) {
        return new Replay(data, factor, epoch, fleet, loop, fixesBefore);
    }

    public Replay withEpoch(Instant offsetZero) {
        return new Replay(data, speed, offsetZero, fleet, loop, fixesBefore);
    }

    /** Each ride replayed as {@code n} cars (clone ids), for load. */
    public Replay withFleet(int n) {
        return new Replay(data, speed, epoch, n, loop, fixesBefore);
    }

    /** Replays again and again, 10 s of simulated time apart, until stopped. */
    public Replay looping(boolean again) {
        return new Replay(data, speed, epoch, fleet, again, fixesBefore);
    }

    /** With the replayer's {@code FixesBefore} headers (the default) or without them. */
    public Replay withFixesBefore(boolean on) {
        return new Replay(data, speed, epoch, fleet, loop, on);
    }
}
