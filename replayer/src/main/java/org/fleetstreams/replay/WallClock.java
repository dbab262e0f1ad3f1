package org.fleetstreams.replay;

import java.util.concurrent.locks.LockSupport;

/** The replayer's only view of real time, so tests can drive pacing without sleeping. */
public interface WallClock {

    long nanoTime();

    /** Sleeps about {@code nanos}; may return early. */
    void sleepNanos(long nanos);

    /** One step of a busy wait, for the last moments before a due time. */
    default void spin() {
        Thread.onSpinWait();
    }

    WallClock SYSTEM = new WallClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) {
            LockSupport.parkNanos(nanos);
        }
    };
}
