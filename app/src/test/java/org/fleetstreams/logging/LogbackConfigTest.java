package org.fleetstreams.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The jars' logback.xml (tests use logback-test.xml, so nothing else would notice a broken one). */
class LogbackConfigTest {

    @ParameterizedTest
    @ValueSource(strings = {"src/main/resources/logback.xml", "../replayer/src/main/resources/logback.xml"})
    void theJarsLoggingConfigurationLoadsWithoutErrors(String file) throws Exception {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(Path.of(file).toFile());
        assertThat(context.getStatusManager().getCopyOfStatusList()).noneMatch(s -> s.getLevel() >= Status.WARN);
        assertThat(context.getLogger("org.apache.kafka").getEffectiveLevel().levelStr).isEqualTo("ERROR");
    }
}
