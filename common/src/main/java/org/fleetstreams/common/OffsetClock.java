package org.fleetstreams.common;

/**
 * The data's clock: a reading's {@code offset} (seconds since the start of the data) as epoch milliseconds after an
 * epoch. The replayer stamps each record with it ({@code --epoch}), and the app computes it from the value itself
 * when told to ({@code --offset-epoch}), so the two agree to the millisecond for the same epoch.
 *
 * <p>Rounded to the nearest millisecond, not truncated: the BDD offsets carry float noise (14.979999 s is meant as
 * 14,980 ms), and truncation would move such a reading into the millisecond before, and sometimes into the window
 * before.
 */
public final class OffsetClock {

    private OffsetClock() {
    }

    /**
     * {@code epochMillis} plus {@code offsetSeconds}, rounded to the millisecond. For finite offsets within a few
     * thousand years and epochs of real instants (the app refuses others before it calls this); beyond, the sum is
     * not a time.
     */
    public static long eventTime(long epochMillis, double offsetSeconds) {
        return epochMillis + Math.round(offsetSeconds * 1000.0);
    }

    /** The offset of {@code eventTimeMillis} after {@code epochMillis}, in seconds: {@link #eventTime}'s inverse. */
    public static double offsetSeconds(long epochMillis, long eventTimeMillis) {
        return (eventTimeMillis - epochMillis) / 1000.0;
    }
}
