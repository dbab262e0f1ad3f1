package org.fleetstreams.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PropertiesFilesTest {

    @Test
    void aFlagIsTrueOrFalseInAnyCaseOrItsDefaultWhenAbsent() {
        assertThat(PropertiesFiles.flag(Map.of("x", "false"), "x", true)).isFalse();
        assertThat(PropertiesFiles.flag(Map.of("x", " TRUE "), "x", false)).isTrue();
        assertThat(PropertiesFiles.flag(Map.of("x", Boolean.FALSE), "x", true)).isFalse();
        assertThat(PropertiesFiles.flag(Map.of(), "x", true)).isTrue();
        assertThat(PropertiesFiles.flag(Map.of(), "x", false)).isFalse();
    }

    @Test
    void anythingElseIsRefusedNamingTheSetting() {
        // before, "off" or "fasle" silently meant the default
        assertThatThrownBy(() -> PropertiesFiles.flag(Map.of("fleetstreams.braking.commit-on-alert", "off"),
                "fleetstreams.braking.commit-on-alert", true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fleetstreams.braking.commit-on-alert").hasMessageContaining("'off'");
    }
}
