package org.fleetstreams.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void valuesAreTrimmedAsKafkaTrimsThem(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "processing.guarantee=exactly_once_v2 \t\napplication.id = team-a  \nempty=\n");

        assertThat(PropertiesFiles.load(file)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "processing.guarantee", "exactly_once_v2", "application.id", "team-a", "empty", ""));
    }
}
