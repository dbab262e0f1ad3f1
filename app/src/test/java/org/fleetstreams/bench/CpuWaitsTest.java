package org.fleetstreams.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CpuWaitsTest {

    @Test
    void readsTheFirstTwoFieldsOfSchedstat() {
        assertArrayEquals(new long[] {1_234_567_890L, 98_765L}, CpuWaits.parse("1234567890 98765 4321\n"));
        assertThrows(IllegalArgumentException.class, () -> CpuWaits.parse("12\n"));
    }

    @Test
    void describesTheShareOfReadyTimeSpentWaiting() {
        CpuWaits.Sample before = new CpuWaits.Sample(1_000_000_000L, 0, 1);
        CpuWaits.Sample after = new CpuWaits.Sample(9_000_000_000L, 2_000_000_000L, 1);
        String line = after.since(before).describe("stream thread", 11.0);
        assertTrue(line.contains("on a CPU 8.0 s, waiting for a CPU 2.0 s of the 11.0 s run (20 %"), line);
    }

    @Test
    void findsARunningThreadOfThisJvmByItsName() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux only");
        String name = "cpu-waits-probe-thread";
        AtomicBoolean stop = new AtomicBoolean();
        Thread busy = new Thread(() -> {
            double x = 0;
            while (!stop.get()) {
                x += Math.sqrt(x + 1);
            }
            if (x < 0) {
                System.out.println(x);
            }
        }, name);
        busy.start();
        CpuWaits.Sample s = null;
        try {
            // Until the scheduler has given the thread some CPU time (at once on an idle machine).
            for (int i = 0; i < 100 && (s == null || s.onCpuNanos() == 0); i++) {
                Thread.sleep(50);
                s = CpuWaits.ofThreadsNamedLike(name);
            }
        } finally {
            stop.set(true);
            busy.join();
        }
        assertNotNull(s);
        assertEquals(1, s.threads());
        assertTrue(s.onCpuNanos() > 0);
        assertNull(CpuWaits.ofThreadsNamedLike("no-thread-is-called-this"));
    }
}
