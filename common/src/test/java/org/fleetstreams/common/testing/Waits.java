package org.fleetstreams.common.testing;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * How the tests wait for a real broker, a Kafka Streams instance or a child process: until a condition holds, named,
 * with a limit (Awaitility). One place for the choices every wait shares:
 * <ul>
 *     <li>the first check at once, then every poll interval (Awaitility's default waits one interval first);</li>
 *     <li>an uncaught exception on another thread does not fail the wait (Awaitility's default does): a broker,
 *     producer or Kafka Streams thread that dies is seen by the condition or by the test's own assertions, as
 *     before this class, not by whichever wait happens to be running.</li>
 * </ul>
 * Usage: {@code await("the app RUNNING").atMost(Duration.ofSeconds(90)).until(() -> ...)}.
 */
public final class Waits {

    private Waits() {
    }

    /** A wait for {@code what} (the name a timeout reports), polling every 100 ms unless told otherwise. */
    public static ConditionFactory await(String what) {
        return Awaitility.await(what).pollDelay(Duration.ZERO).dontCatchUncaughtExceptions();
    }
}
