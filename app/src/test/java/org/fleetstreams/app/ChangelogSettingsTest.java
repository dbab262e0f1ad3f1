package org.fleetstreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.processor.internals.InternalTopicConfig;
import org.apache.kafka.streams.processor.internals.InternalTopologyBuilder;
import org.fleetstreams.common.Topics;
import org.fleetstreams.overview.RideOverview;
import org.fleetstreams.pipeline.LocalPipeline;
import org.fleetstreams.state.Changelogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every store of the topology has a changelog, and each changelog has the settings {@link Changelogs} owns, as the
 * broker reports them: a key-value store's in 16 MB segments (with the broker's 1 GB, an in-memory store such as
 * the merge's held records replayed every write since the last roll at each start), the window store's stamped with
 * append time. Before, three key-value changelogs (the held records, the join's fixes, the overview) kept 1 GB.
 * And a {@code topic.cleanup.policy} in {@code --config} leaves the key-value changelogs compacted.
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

    /**
     * Kafka Streams gives every internal topic the config's {@code topic.} settings, below each store's own. Before,
     * the key-value stores named no {@code cleanup.policy}, so {@code topic.cleanup.policy=compact,delete} made their
     * changelogs (the merge's held records, the join's fixes, the overview, the detector, the summaries) time-deleted
     * by event time: with a 2017 {@code --epoch} the broker deleted their segments, and a restore lacked state. Read
     * from the topology as Kafka Streams makes the topics' settings (InternalTopicManager: the topic configs'
     * {@code properties} over the config's {@code topic.} settings), no broker; both guarantees, as above.
     */
    @ParameterizedTest
    @ValueSource(strings = {StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE})
    void aTopicCleanupPolicyInTheConfigLeavesTheKeyValueChangelogsCompacted(String guarantee) throws Exception {
        // configure: the app's topology, with a --config that asks every internal topic for time-based deletion
        AppConfig config = AppConfig.defaults("localhost:9092", Topics.withPrefix("changelogs")).withApplicationId(APP)
                .withProcessingGuarantee(guarantee)
                .withOverrides(Map.of(StreamsConfig.topicPrefix(TopicConfig.CLEANUP_POLICY_CONFIG), "compact,delete"));
        StreamsConfig streams = new StreamsConfig(config.streamsProperties());
        Map<String, String> topicDefaults = new HashMap<>();
        streams.originalsWithPrefix(StreamsConfig.TOPIC_PREFIX)
                .forEach((k, v) -> topicDefaults.put(k, String.valueOf(v))); // as InternalTopicManager reads them
        assertThat(topicDefaults).containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "compact,delete");

        // act: the changelogs' settings as Kafka Streams would create them (it rewrites and builds the topology first,
        // which names each store's changelog, as TopologyTestDriver does too)
        InternalTopologyBuilder builder = internals(FleetTopology.buildTopology(config)).rewriteTopology(streams);
        builder.buildTopology();
        Map<String, InternalTopicConfig> changelogs = new HashMap<>();
        builder.subtopologyToTopicsInfo().values().forEach(info -> changelogs.putAll(info.stateChangelogTopics));

        // verify: every key-value changelog stays compacted only; the window changelog takes the config's (its default)
        String windows = APP + "-" + RideOverview.WINDOWS + "-changelog";
        assertThat(changelogs).containsKey(windows).hasSizeGreaterThan(5);
        changelogs.forEach((name, topic) -> {
            Map<String, String> settings = topic.properties(topicDefaults, 0L);
            assertThat(settings.get(TopicConfig.CLEANUP_POLICY_CONFIG)).as(name)
                    .isEqualTo(name.equals(windows) ? "compact,delete" : TopicConfig.CLEANUP_POLICY_COMPACT);
        });
    }

    /** The per-store setting is what wins over {@code topic.cleanup.policy}: it must stay in the map. */
    @Test
    void theKeyValueChangelogsNameTheirCleanupPolicy() {
        assertThat(Changelogs.keyValue())
                .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                .containsEntry(TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(Changelogs.KEY_VALUE_SEGMENT_BYTES));
    }

    /**
     * The topology's builder, which Kafka Streams keeps in a protected field: the only way to its changelogs' settings
     * without starting the app against a broker (a test-only use of an internal; the broker test above checks the same
     * settings on real topics).
     */
    private static InternalTopologyBuilder internals(Topology topology) throws ReflectiveOperationException {
        Field field = Topology.class.getDeclaredField("internalTopologyBuilder");
        field.setAccessible(true);
        return (InternalTopologyBuilder) field.get(topology);
    }
}
