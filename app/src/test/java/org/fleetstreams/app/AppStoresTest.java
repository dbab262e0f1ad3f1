package org.fleetstreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.fleetstreams.braking.HarshBraking;
import org.fleetstreams.join.JoinProcessor;
import org.fleetstreams.state.WriteAtCommitStore;
import org.fleetstreams.summary.SummaryProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the app's stores live: the four that a processor reads only when its task starts are in memory whatever the
 * configured store suppliers say; the others follow {@code dsl.store.suppliers.class} (RocksDB by default).
 */
class AppStoresTest {

    private static final List<String> READ_AT_START_ONLY = List.of(HarshBraking.STORE, SummaryProcessor.STORE,
            JoinProcessor.CLOCK, JoinProcessor.SAMPLES);

    @Test
    void theStoresReadOnlyAtStartAreInMemoryAndTheOthersFollowTheConfiguredSuppliers(@TempDir Path dir) {
        // configure: the production defaults (RocksDB suppliers)
        try (TopologyFixture app = new TopologyFixture(TopologyFixture.config(dir))) {
            // verify
            for (String store : READ_AT_START_ONLY) {
                assertThat(app.driver.getAllStateStores().get(store).persistent()).as(store).isFalse();
            }
            assertThat(app.driver.getAllStateStores().get(JoinProcessor.FIXES).persistent()).as(JoinProcessor.FIXES).isTrue();
        }
    }

    @Test
    void anInMemoryStoresChangelogHasSegmentsTheCleanerCanCompact() {
        var builder = WriteAtCommitStore.inMemory("s", Serdes.String(), Serdes.String());

        assertThat(builder.loggingEnabled()).isTrue();
        assertThat(builder.logConfig()).containsEntry(TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(16 * 1024 * 1024));
    }
}
