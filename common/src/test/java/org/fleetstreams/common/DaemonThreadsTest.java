package org.fleetstreams.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DaemonThreadsTest {

    @Test
    void theThreadsAreNamedDaemons() {
        Thread t = DaemonThreads.named("helper").newThread(() -> { });
        assertThat(t.isDaemon()).isTrue();
        assertThat(t.getName()).isEqualTo("helper");
        assertThat(t.getState()).isEqualTo(Thread.State.NEW);
    }
}
