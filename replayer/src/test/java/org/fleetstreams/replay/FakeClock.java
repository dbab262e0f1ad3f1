package org.fleetstreams.replay;

import java.util.ArrayList;
import java.util.List;

/** A wall clock that only moves when the code under test sleeps (or the test advances it). */
final class FakeClock implements WallClock {

    long now = 1_000_000_000L;
    final List<Long> sleeps = new ArrayList<>();

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void sleepNanos(long nanos) {
        sleeps.add(nanos);
        now += nanos;
    }

    @Override
    public void spin() {
        now += 1_000; // a spin step takes a microsecond of fake time
    }

    long totalSleptNanos() {
        return sleeps.stream().mapToLong(Long::longValue).sum();
    }
}
