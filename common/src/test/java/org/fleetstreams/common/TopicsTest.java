package org.fleetstreams.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void namesFollowTheCourseConvention() {
        Topics topics = Topics.withPrefix("DoeJane");

        assertThat(topics.locations()).isEqualTo("DoeJane-locations");
        assertThat(topics.accelerations()).isEqualTo("DoeJane-accelerations");
        assertThat(topics.inputs()).containsExactly("DoeJane-locations", "DoeJane-accelerations");
        assertThat(topics.outputs()).containsExactly("DoeJane-joined", "DoeJane-car-summaries",
                "DoeJane-harsh-braking", "DoeJane-dead-letters");
    }

    @Test
    void illegalPrefixIsRejectedWithTheRule() {
        assertThatThrownBy(() -> Topics.withPrefix("Doe Jane"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Doe Jane'");
        assertThatThrownBy(() -> Topics.withPrefix("")).isInstanceOf(IllegalArgumentException.class);
    }
}
