package org.fleetstreams.pipeline;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.fleetstreams.app.AppConfig;
import org.fleetstreams.app.AppTopics;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.KafkaSetupException;
import org.fleetstreams.common.admin.TopicSettings;
import org.fleetstreams.common.admin.TopicSetup;
import org.fleetstreams.common.broker.EmbeddedKafkaBroker;
import org.fleetstreams.replay.ReplayConfig;

/** The broker, the topics, the app's configuration and the replay, before anything starts. */
public final class LocalPipelineBuilder {

    int brokerPort;
    Path brokerLogDir;
    final Map<String, Object> brokerConfig = new LinkedHashMap<>();
    String externalKafka;
    Topics topics = Topics.withPrefix(Topics.DEFAULT_PREFIX);
    int partitions = ReplayConfig.PARTITIONS;
    UnaryOperator<AppConfig> app = UnaryOperator.identity();
    Replay replay;
    Duration timeout = Duration.ofSeconds(30);

    LocalPipelineBuilder() {
    }

    /** The embedded broker's port (0, the default, = any free port) and log directory (null = a temporary one). */
    public LocalPipelineBuilder embeddedBroker(int port, Path logDir) {
        this.brokerPort = port;
        this.brokerLogDir = logDir;
        return this;
    }

    /** A setting of the embedded broker (none with {@link #externalKafka}). */
    public LocalPipelineBuilder brokerConfig(String key, Object value) {
        brokerConfig.put(key, value);
        return this;
    }

    /** Use this Kafka cluster; no broker is started. */
    public LocalPipelineBuilder externalKafka(String bootstrapServers) {
        this.externalKafka = bootstrapServers;
        return this;
    }

    public LocalPipelineBuilder topics(Topics names) {
        this.topics = names;
        return this;
    }

    /** Partitions of the inputs it creates (default 4); the outputs get the inputs' count. */
    public LocalPipelineBuilder partitions(int n) {
        this.partitions = n;
        return this;
    }

    /** Changes to the app's {@link AppConfig#defaults} (application id, state dir, overrides...). */
    public LocalPipelineBuilder app(UnaryOperator<AppConfig> settings) {
        this.app = settings;
        return this;
    }

    public LocalPipelineBuilder replay(Replay what) {
        this.replay = what;
        return this;
    }

    /** How long to wait for Kafka to answer (default 30 s). */
    public LocalPipelineBuilder connectTimeout(Duration wait) {
        this.timeout = wait;
        return this;
    }

    /**
     * Starts the broker (unless {@link #externalKafka}) and creates the topics: the inputs with
     * {@link #partitions}, then the outputs as the app itself does ({@link AppTopics#prepare}).
     *
     * @throws BrokerStartException when the embedded broker does not start (e.g. its port is taken)
     * @throws KafkaSetupException  when Kafka is unreachable or the topics are not usable
     */
    public LocalPipeline start() {
        EmbeddedKafkaBroker broker = null;
        if (externalKafka == null) {
            try {
                EmbeddedKafkaBroker.Builder b = EmbeddedKafkaBroker.builder().port(brokerPort).logDir(brokerLogDir);
                brokerConfig.forEach(b::config);
                broker = b.start();
            } catch (RuntimeException e) {
                throw new BrokerStartException(brokerPort, e);
            }
        }
        LocalPipeline pipeline = new LocalPipeline(broker, broker != null ? broker.bootstrapServers() : externalKafka, this);
        try {
            try (Admin admin = pipeline.admin()) {
                new TopicSetup(admin, timeout).ensure(topics.inputs(), partitions, LocalPipeline.CLUSTER_DEFAULT_REPLICATION,
                        TopicSettings.defaultTopicConfig());
            }
            pipeline.prepared(AppTopics.prepare(pipeline.appConfig(), timeout, new PrintWriter(Writer.nullWriter())));
            return pipeline;
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }
}
