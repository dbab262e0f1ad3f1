package org.fleetstreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.fleetstreams.braking.HarshBraking;
import org.fleetstreams.join.JoinProcessor;
import org.fleetstreams.overview.RideOverview;
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
    private static final List<String> FOLLOW_THE_SUPPLIERS = List.of(JoinProcessor.FIXES, RideOverview.STORE,
            RideOverview.WINDOWS);

    @Test
    void theStoresReadOnlyAtStartAreInMemoryAndTheOthersFollowTheConfiguredSuppliers(@TempDir Path dir) {
        // configure: the production defaults (RocksDB suppliers)
        try (TopologyFixture app = new TopologyFixture(TopologyFixture.config(dir))) {
            // verify
            for (String store : READ_AT_START_ONLY) {
                assertThat(app.driver.getAllStateStores().get(store).persistent()).as(store).isFalse();
            }
            for (String store : FOLLOW_THE_SUPPLIERS) {
                assertThat(app.driver.getAllStateStores().get(store).persistent()).as(store).isTrue();
            }
        }
    }

    @Test
    void inMemorySuppliersPutTheOtherStoresInMemoryToo(@TempDir Path dir) {
        // configure: what --config FILE with dsl.store.suppliers.class gives
        AppConfig config = TopologyFixture.config(dir).withOverrides(Map.of(
                StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG, BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers.class.getName()));
        try (TopologyFixture app = new TopologyFixture(config)) {
            // verify
            for (String store : READ_AT_START_ONLY) {
                assertThat(app.driver.getAllStateStores().get(store).persistent()).as(store).isFalse();
            }
            for (String store : FOLLOW_THE_SUPPLIERS) {
                assertThat(app.driver.getAllStateStores().get(store).persistent()).as(store).isFalse();
            }
        }
    }

    @Test
    void anInMemoryStoresChangelogHasSegmentsTheCleanerCanCompact() {
        var builder = WriteAtCommitStore.inMemory("s", Serdes.String(), Serdes.String());

        assertThat(builder.loggingEnabled()).isTrue();
        assertThat(builder.logConfig()).containsEntry(TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(16 * 1024 * 1024));
    }
}
