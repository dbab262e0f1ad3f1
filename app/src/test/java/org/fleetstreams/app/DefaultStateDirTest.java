package org.fleetstreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.fleetstreams.common.Topics;
import org.junit.jupiter.api.Test;

/** On a shared machine (a course's), each user's instance has a state dir of its own by default. */
class DefaultStateDirTest {

    @Test
    void theDefaultStateDirIsTheUsersOwnAndOneFileName() {
        String user = System.getProperty("user.name");
        try {
            System.setProperty("user.name", "doe jane/../x");
            assertThat(AppConfig.defaults("localhost:9092", Topics.withPrefix("bdd")).stateDir())
                    .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "fleetstreams-state-doe_jane_.._x"));
            System.setProperty("user.name", "student7");
            assertThat(AppConfig.defaultStateDir().getFileName()).hasToString("fleetstreams-state-student7");
        } finally {
            System.setProperty("user.name", user);
        }
    }
}
