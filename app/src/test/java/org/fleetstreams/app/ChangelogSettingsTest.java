package org.fleetstreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.fleetstreams.common.Topics;
import org.fleetstreams.overview.RideOverview;
import org.fleetstreams.pipeline.LocalPipeline;
import org.fleetstreams.state.Changelogs;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every store of the topology has a changelog, and each changelog has the settings {@link Changelogs} owns, as the
 * broker reports them: a key-value store's in 16 MB segments (with the broker's 1 GB, an in-memory store such as
 * the merge's held records replayed every write since the last roll at each start), the window store's stamped with
 * append time. Before, three key-value changelogs (the held records, the join's fixes, the overview) kept 1 GB.
 */
class ChangelogSettingsTest {

    private static final String APP = "changelog-settings-app";

    @TempDir
    Path state;

    /** Both guarantees: the overview's store is built two ways (written at commit, or cached). */
    @ParameterizedTest
    @ValueSource(strings = {StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE})
    @Timeout(180)
    void everyStoresChangelogHasItsSettingsOnTheBroker(String guarantee) throws Exception {
        // configure: a broker, the inputs, and the app's topology; every store the topology names
        try (LocalPipeline pipeline = LocalPipeline.builder().topics(Topics.withPrefix("changelogs"))
                .app(c -> c.withApplicationId(APP).withStateDir(state).withProcessingGuarantee(guarantee)).start();
             StreamsRunner app = pipeline.startApp()) {
            Set<String> stores = new HashSet<>();
            for (TopologyDescription.Subtopology s : FleetTopology.buildTopology(pipeline.appConfig()).describe().subtopologies()) {
                s.nodes().stream().filter(n -> n instanceof TopologyDescription.Processor)
                        .forEach(n -> stores.addAll(((TopologyDescription.Processor) n).stores()));
            }
            assertThat(stores).contains(RideOverview.WINDOWS).hasSizeGreaterThan(5);

            // verify: once running, the changelogs Kafka Streams created carry the settings
            assertThat(app.awaitRunning(Duration.ofSeconds(120))).as("the app reached RUNNING").isTrue();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", pipeline.bootstrapServers()))) {
                List<ConfigResource> changelogs = stores.stream()
                        .map(s -> new ConfigResource(ConfigResource.Type.TOPIC, APP + "-" + s + "-changelog")).toList();
                Map<ConfigResource, Config> configs = admin.describeConfigs(changelogs).all().get();
                assertThat(configs).hasSameSizeAs(stores);
                configs.forEach((topic, config) -> {
                    boolean window = topic.name().equals(APP + "-" + RideOverview.WINDOWS + "-changelog");
                    Map<String, String> expected = window ? Changelogs.window() : Changelogs.keyValue();
                    expected.forEach((k, v) -> assertThat(config.get(k).value()).as(topic.name() + " " + k).isEqualTo(v));
                    assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).as(topic.name())
                            .isEqualTo(window ? "compact,delete" : "compact");
                });
            }
        }
    }
}
