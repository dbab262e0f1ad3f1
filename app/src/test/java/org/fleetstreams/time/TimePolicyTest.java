package org.fleetstreams.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The waits {@link TimePolicy} derives from its settings. */
class TimePolicyTest {

    @Test
    void bothInputsAreIdleAfterTheIdleTimeOrTheSkewIfLonger() {
        assertThat(TimePolicy.defaults().bothInputsIdle()).isEqualTo(Duration.ofSeconds(30));
        assertThat(TimePolicy.defaults().withToleratedSkew(Duration.ofSeconds(2)).bothInputsIdle())
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aMissingRecordIsWaitedForAMinuteOrTheBothIdleTimeIfLonger() {
        assertThat(TimePolicy.defaults().missingRecordWait()).isEqualTo(Duration.ofMinutes(1));
        assertThat(TimePolicy.defaults().withToleratedSkew(Duration.ofSeconds(90)).missingRecordWait())
                .isEqualTo(Duration.ofSeconds(90));
    }
}
