package org.fleetstreams.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.fleetstreams.common.Topics;
import org.fleetstreams.pipeline.LocalPipeline;
import org.fleetstreams.pipeline.LocalPipelineBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A looping demo's broker bounds each partition's log by size: the project's topics keep records of any age
 * ({@code retention.ms} -1), so a loop left running filled the disk.
 */
class LoopingLimitsTest {

    @TempDir
    Path state;

    @Test
    void everyTopicOfALoopingDemosBrokerKeepsItsNewestRecordsUpToTheLimit() throws Exception {
        LocalPipelineBuilder builder = LocalPipeline.builder().topics(Topics.withPrefix("loop")).partitions(2)
                .app(c -> c.withStateDir(state));
        BrokerStorage.loopingLimits().forEach(builder::brokerConfig);

        try (LocalPipeline pipeline = builder.start();
             Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", pipeline.bootstrapServers()))) {
            for (String topic : List.of("loop-locations", "loop-accelerations", "loop-joined", "loop-dead-letters")) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
                assertThat(config.get("retention.bytes").value()).as(topic).isEqualTo(String.valueOf(128L << 20));
                assertThat(config.get("segment.bytes").value()).as(topic).isEqualTo(String.valueOf(16 << 20));
                assertThat(config.get("retention.ms").value()).as("old records stay until then").isEqualTo("-1");
            }
        }
    }
}
