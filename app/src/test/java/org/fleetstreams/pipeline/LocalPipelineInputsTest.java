package org.fleetstreams.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.fleetstreams.common.Topics;
import org.fleetstreams.ingest.Ingest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's pipeline tells its app the inputs' partition count as {@code app.jar} does
 * ({@code AppTopics.Prepared.applyTo}), which is what lets a record without a key count as its ride's when there is
 * one partition (what follows from the setting: {@code DeadLetterKeysTest} in a TopologyTestDriver, and
 * {@code KeylessInputTest} with the app in its own process on a broker).
 */
class LocalPipelineInputsTest {

    @TempDir
    Path state;

    @Test
    void theAppIsToldTheInputsPartitionCount() throws Exception {
        try (LocalPipeline pipeline = LocalPipeline.builder().topics(Topics.withPrefix("one")).partitions(1)
                .app(c -> c.withStateDir(state)).start()) {
            assertThat(pipeline.appConfig().streamsProperties().get(Ingest.INPUT_PARTITIONS)).isEqualTo("1");
        }
    }
}
