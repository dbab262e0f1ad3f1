package org.fleetstreams.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fleetstreams.common.testing.Waits.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

class WaitsTest {

    @Test
    void aWaitThatNeverHoldsFailsWithItsName() {
        assertThatThrownBy(() -> await("the moon to be made of cheese").atMost(Duration.ofMillis(300)).until(() -> false))
                .isInstanceOf(ConditionTimeoutException.class).hasMessageContaining("the moon to be made of cheese");
    }

    @Test
    void theFirstCheckComesAtOnce() {
        AtomicInteger checks = new AtomicInteger();
        // one poll interval (10 s) longer than the limit: only a check at once can see the condition hold
        await("a condition that holds").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofSeconds(10))
                .until(() -> checks.incrementAndGet() > 0);
        assertThat(checks).hasValue(1);
    }

    /** A thread that dies elsewhere (a client's, a broker's) is not this wait's business: the condition decides. */
    @Test
    void anUncaughtExceptionOnAnotherThreadDoesNotFailTheWait() {
        AtomicInteger checks = new AtomicInteger();
        await("the second check").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (checks.incrementAndGet() == 1) {
                Thread dying = new Thread(() -> {
                    throw new IllegalStateException("an uncaught exception on another thread (expected in this test)");
                });
                dying.start();
                dying.join();
                return false;
            }
            return true;
        });
        assertThat(checks).hasValue(2);
    }
}
