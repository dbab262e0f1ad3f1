package org.fleetstreams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.streams.StreamsConfig;
import org.fleetstreams.braking.BrakingConfig;
import org.fleetstreams.common.Topics;
import org.fleetstreams.ingest.EventTimes;
import org.fleetstreams.time.TimePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The app's options to its configuration, without a broker: what Kafka's examples test as {@code streamsConfig(args)}.
 * Defaults are the config's own ({@link AppConfig#defaults}), and each option lands in its part.
 */
class FleetAppOptionsTest {

    private static AppConfig parse(String... args) {
        FleetApp app = new FleetApp();
        FleetApp.commandLine(app).parseArgs(args);
        return app.config();
    }

    @Test
    void withoutOptionsTheConfigIsTheConfigsOwnDefaults() {
        assertThat(parse()).isEqualTo(AppConfig.defaults("localhost:9092", Topics.withPrefix(Topics.DEFAULT_PREFIX)));
    }

    @Test
    void everyOptionLandsInItsPart() {
        AppConfig config = parse("--bootstrap-servers", "broker:9093", "--topic-prefix", "DoeJane", "--application-id",
                "fleet-x", "--state-dir", "/tmp/fleet-x", "--threads", "2", "--processing-guarantee", "at_least_once",
                "--join-window", "3", "--summary-size", "60", "--summary-advance", "20", "--tolerated-skew", "45",
                "--tolerated-disorder", "0.5", "--input-idle", "8");

        // every value as a literal, through the record's own constructor (the app's builders could agree with
        // themselves on a wrong field)
        TimePolicy time = new TimePolicy(Duration.ofSeconds(3), Duration.ofSeconds(60), Duration.ofSeconds(20),
                Duration.ofSeconds(45), Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ZERO);
        assertThat(config).isEqualTo(new AppConfig("broker:9093", Topics.withPrefix("DoeJane"), "fleet-x",
                Path.of("/tmp/fleet-x"), 2, "at_least_once", time, BrakingConfig.defaults(), Map.of()));
        assertThat(config.time().inputStopped()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anInstanceIdIsStaticMembershipForTheMainConsumerOnly() {
        AppConfig config = parse("--instance-id", "fleet-eu-1");

        Properties props = config.streamsProperties();
        assertThat(props.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)).isEqualTo("fleet-eu-1");
        StreamsConfig streams = new StreamsConfig(props);
        // Kafka Streams numbers it per stream thread, and keeps it off the restore consumer (which has no group)
        assertThat(streams.getMainConsumerConfigs("g", "c", 1).get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG))
                .isEqualTo("fleet-eu-1-1");
        assertThat(streams.getRestoreConsumerConfigs("c")).doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        assertThat(parse().streamsProperties()).doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        assertThatThrownBy(() -> parse("--instance-id", " ")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--instance-id");
    }

    @Test
    void producersRetryAfter10MsNot100UnlessTheConfigFileSaysOtherwise() {
        StreamsConfig shipped = new StreamsConfig(parse().streamsProperties());
        assertThat(shipped.getProducerConfigs("c")).containsEntry(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 10);

        StreamsConfig overridden = new StreamsConfig(parse().withOverrides(
                Map.of(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), "100"))
                .streamsProperties());
        assertThat(overridden.getProducerConfigs("c")).containsEntry(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "100");
    }

    @Test
    void theRestoreConsumerWaitsAtMost100MsForAnEmptyChangelogAndTheMainConsumerKeepsKafkasDefault() {
        StreamsConfig shipped = new StreamsConfig(parse().streamsProperties());
        assertThat(shipped.getRestoreConsumerConfigs("c")).containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        assertThat(shipped.getMainConsumerConfigs("g", "c", 1)).doesNotContainKey(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG);

        for (String key : List.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
                StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG))) {
            StreamsConfig overridden = new StreamsConfig(parse().withOverrides(Map.of(key, "500")).streamsProperties());
            assertThat(overridden.getRestoreConsumerConfigs("c")).as(key)
                    .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "500");
        }
    }

    @Test
    void producersWriteLz4InBatchesOf128KbUnlessTheConfigFileSaysOtherwise() {
        StreamsConfig shipped = new StreamsConfig(parse().streamsProperties());
        assertThat(shipped.getProducerConfigs("c")).containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, 131_072);

        StreamsConfig overridden = new StreamsConfig(parse().withOverrides(
                Map.of(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), "16384"))
                .streamsProperties());
        assertThat(overridden.getProducerConfigs("c")).containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, "16384");
    }

    /**
     * A plain {@code compression.type}, {@code batch.size} or {@code retry.backoff.ms} in {@code --config FILE}
     * reaches the producers, as "override everything else" says: before, the app's {@code producer.}-prefixed
     * defaults beat it (a client prefix wins, Kafka's rule) and the producers kept lz4, 128 KB and 10 ms. A
     * {@code producer.} key of the file still beats its plain one.
     */
    @Test
    void aPlainProducerSettingInTheConfigFileBeatsTheAppsProducerDefaults(@TempDir Path dir) throws IOException {
        Path plain = Files.writeString(dir.resolve("plain.properties"), "compression.type=zstd\nbatch.size=16384\n"
                + "retry.backoff.ms=100\n");
        Map<String, Object> producer = new StreamsConfig(parse("--config", plain.toString()).streamsProperties())
                .getProducerConfigs("c");
        assertThat(producer).containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd")
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, "16384")
                .containsEntry(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "100");

        Path both = Files.writeString(dir.resolve("both.properties"), "compression.type=zstd\n"
                + "producer.compression.type=gzip\n");
        assertThat(new StreamsConfig(parse("--config", both.toString()).streamsProperties()).getProducerConfigs("c"))
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip")
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, AppConfig.BATCH_SIZE_BYTES);
    }

    /**
     * Exactly-once runs with transactional state stores (KIP-892): a task that comes back to an instance whose state
     * directory holds a store with no committed offset is then not "corrupted", which under a rebalance made Kafka
     * Streams 4.4.0 abort the thread's transaction under a healthy task (docs/reliability.md). At-least-once has no
     * transaction to keep stores in step with.
     */
    @Test
    void exactlyOnceKeepsUncommittedWritesOutOfTheStores() {
        assertThat(new StreamsConfig(parse().streamsProperties())
                .getBoolean(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG)).isTrue();
        assertThat(new StreamsConfig(parse("--processing-guarantee", StreamsConfig.AT_LEAST_ONCE).streamsProperties())
                .getBoolean(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG)).isFalse();
        // and interactive queries read only what a commit made final, not the stores' transaction buffers
        assertThat(new StreamsConfig(parse().streamsProperties()).defaultInteractiveQueryIsolationLevel())
                .isEqualTo(IsolationLevel.READ_COMMITTED);
    }

    @Test
    void theApplicationIdServersAndStateDirOfTheConfigFileAreTheOnesEverythingUses(@TempDir Path dir) throws IOException {
        // the file wins over the options (docs/operations.md); the ACL check and the topics' setup read the fields
        Path file = Files.writeString(dir.resolve("app.properties"), "application.id=team-a-fleet\n"
                + "bootstrap.servers=broker-1:9093\nstate.dir=" + dir.resolve("state") + "\n"
                + "processing.guarantee=exactly_once_v2\n");
        AppConfig config = parse("--config", file.toString(), "--application-id", "other", "--state-dir", "/tmp/x",
                "--processing-guarantee", StreamsConfig.AT_LEAST_ONCE);

        assertThat(config.applicationId()).isEqualTo("team-a-fleet")
                .isEqualTo(config.streamsProperties().get(StreamsConfig.APPLICATION_ID_CONFIG));
        assertThat(config.bootstrapServers()).isEqualTo("broker-1:9093");
        assertThat(config.stateDir()).isEqualTo(dir.resolve("state"));
        // and what follows from the guarantee follows the file's: exactly-once keeps uncommitted writes out of the stores
        assertThat(config.exactlyOnce()).isTrue();
        assertThat(new StreamsConfig(config.streamsProperties()).getBoolean(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG))
                .isTrue();
        assertThat(parse("--application-id", "other").applicationId()).isEqualTo("other");
    }

    @Test
    void theProjectsOwnSettingsAreCheckedWhenTheConfigIsRead(@TempDir Path dir) throws IOException {
        Path good = Files.writeString(dir.resolve("good.properties"), "fleetstreams.braking.commit-on-alert=false\n"
                + "fleetstreams.merge.input-heads=TRUE\nfleetstreams.input.progress=broker\n");
        assertThat(parse("--config", good.toString()).overrides())
                .containsEntry("fleetstreams.braking.commit-on-alert", "false");

        // a value the setting cannot take, and a misspelt key: both would otherwise only show once a task started
        Path badValue = Files.writeString(dir.resolve("bad-value.properties"), "fleetstreams.braking.commit-on-alert=off\n");
        assertThatThrownBy(() -> parse("--config", badValue.toString()))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("fleetstreams.braking.commit-on-alert must be true or false, was 'off'");
        Path typo = Files.writeString(dir.resolve("typo.properties"), "fleetstreams.braking.comit-on-alert=false\n");
        assertThatThrownBy(() -> parse("--config", typo.toString()))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("unknown setting 'fleetstreams.braking.comit-on-alert'")
                .hasMessageContaining("fleetstreams.merge.input-heads");
        Path promises = Files.writeString(dir.resolve("promises.properties"), "fleetstreams.merge.fixes-before=maybe\n");
        assertThatThrownBy(() -> parse("--config", promises.toString()))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("fleetstreams.merge.fixes-before must be true or false, was 'maybe'");
        Files.writeString(promises, "fleetstreams.merge.fixes-before=false\n");
        assertThat(parse("--config", promises.toString()).streamsProperties())
                .containsEntry("fleetstreams.merge.fixes-before", "false");
        assertThatThrownBy(() -> parse().withOverrides(Map.of("fleetstreams.input.progress", "pipe")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fleetstreams.input.progress must be broker or piped, was 'pipe'");
    }

    @Test
    void anOffsetEpochMakesTheOffsetTheClockUnlessTheConfigFileSaysOtherwise(@TempDir Path dir) throws IOException {
        String key = EventTimes.OFFSET_EPOCH;
        assertThat(parse("--offset-epoch", "2017-08-28T00:00:00Z").streamsProperties())
                .containsEntry(key, "2017-08-28T00:00:00Z");
        assertThat(parse().streamsProperties()).doesNotContainKey(key);
        Path file = Files.writeString(dir.resolve("clock.properties"), key + "=2020-01-01T00:00:00Z\n");
        assertThat(parse("--config", file.toString(), "--offset-epoch", "2017-08-28T00:00:00Z").streamsProperties())
                .containsEntry(key, "2020-01-01T00:00:00Z");

        assertThatThrownBy(() -> parse("--offset-epoch", "2017-08-28")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--offset-epoch");
        assertThatThrownBy(() -> parse("--offset-epoch", "1970-01-01T00:00:00Z"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--offset-epoch: " + key + " must be from 2000-01-01T00:00:00Z to 2100-01-01T00:00:00Z");
        Path bad = Files.writeString(dir.resolve("bad.properties"), key + "=yesterday\n");
        assertThatThrownBy(() -> parse("--config", bad.toString())).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining(key + " must be an ISO-8601 instant such as 2017-08-28T00:00:00Z, was 'yesterday'");
    }

    @Test
    void impossibleTimeRulesAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> parse("--summary-size", "10", "--summary-advance", "20"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--summary-advance (20.0 s) must not be longer than --summary-size (10.0 s)");
        assertThatThrownBy(() -> parse("--join-window", "0"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--join-window must be");
        assertThatThrownBy(() -> parse("--input-idle", "-1"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--input-idle must be");
        assertThatThrownBy(() -> parse("--tolerated-skew", "NaN"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--tolerated-skew must be");
        assertThat(parse("--tolerated-disorder", "0").time().toleratedDisorder()).isZero();
    }

    /** Each refused before anything starts, as a bad option (exit 2), naming the option; not a stack trace. */
    @Test
    void outOfRangeNumbersAndUnknownGuaranteesAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> parse("--processing-guarantee", "bogus"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--processing-guarantee must be exactly_once_v2 or at_least_once, was 'bogus'");
        assertThatThrownBy(() -> parse("--threads", "0"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--threads must be at least 1");
        assertThatThrownBy(() -> parse("--connect-timeout", "0"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--connect-timeout must be");
        FleetApp waiting = new FleetApp();
        FleetApp.commandLine(waiting).parseArgs();
        assertThat(waiting.waitOptions.inputTimeout()).as("by default the inputs are waited for without a limit").isNull();
        FleetApp.commandLine(waiting).parseArgs("--input-timeout", "7");
        assertThat(waiting.waitOptions.inputTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThatThrownBy(() -> parse("--input-timeout", "0"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--input-timeout must be");
        assertThatThrownBy(() -> parse("--http-port", "70000"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--http-port must be");
        FleetApp off = new FleetApp();
        FleetApp.commandLine(off).parseArgs("--http-port", "-1");
        off.config();
        assertThat(off.http.port).as("-1 is off, as the demo's").isNull();
        assertThatThrownBy(() -> parse("--http-port", "-2"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--http-port must be");
        for (String host : new String[] {"", " ", "local host", "http://localhost"}) {
            assertThatThrownBy(() -> parse("--http-host", host)).as("'%s'", host)
                    .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--http-host must be");
        }
    }

    @Test
    void aKafkaStreamsSettingKafkaWouldRefuseIsRefusedWhenTheConfigIsRead(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.properties"), "commit.interval.ms=soon\n");
        assertThatThrownBy(() -> parse("--config", bad.toString()))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--config " + bad).hasMessageContaining("commit.interval.ms");
        // accepted by the setting's own type, refused by Kafka Streams as a whole (exactly-once: above the
        // transaction timeout)
        Path tooLong = Files.writeString(dir.resolve("too-long.properties"), "commit.interval.ms=30000\n");
        assertThatThrownBy(() -> parse("--config", tooLong.toString()))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--config " + tooLong);
    }

    /** Kafka Streams checks only its own keys at start; its clients' settings failed later, after the outputs existed. */
    @Test
    void aClientSettingKafkaWouldRefuseIsRefusedWhenTheConfigIsRead(@TempDir Path dir) throws IOException {
        Map<String, String> refused = Map.of("producer.linger.ms=soon", "linger.ms", "consumer.max.poll.records=0",
                "max.poll.records", "main.consumer.fetch.max.wait.ms=-5", "fetch.max.wait.ms",
                "restore.consumer.fetch.min.bytes=lots", "fetch.min.bytes", "admin.retries=many", "retries", "acks=2", "acks");
        for (Map.Entry<String, String> e : refused.entrySet()) {
            Path bad = Files.writeString(dir.resolve("bad.properties"), e.getKey() + "\n");
            assertThatThrownBy(() -> parse("--config", bad.toString()), e.getKey())
                    .isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessageContaining("--config " + bad).hasMessageContaining(e.getValue());
        }
        // and settings every client takes are still accepted
        Path good = Files.writeString(dir.resolve("good.properties"), "producer.linger.ms=20\n"
                + "consumer.max.poll.records=500\nadmin.retries=3\nacks=all\n");
        assertThat(parse("--config", good.toString()).overrides()).containsEntry("producer.linger.ms", "20");
    }

    /**
     * Kafka Streams takes {@code num.stream.threads=0} (and below): before, the app then started with no stream thread,
     * read nothing and never exited, though {@code --threads 0} was refused. Now refused as a bad option, naming the key.
     */
    @Test
    void noStreamThreadInTheConfigFileIsRefusedNamingTheKey(@TempDir Path dir) throws IOException {
        for (String threads : List.of("0", "-1")) {
            Path bad = Files.writeString(dir.resolve("threads.properties"), "num.stream.threads=" + threads + "\n");
            assertThatThrownBy(() -> parse("--config", bad.toString()), threads)
                    .isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessageContaining("--config " + bad).hasMessageContaining("num.stream.threads")
                    .hasMessageContaining("must be at least 1");
        }
        Path good = Files.writeString(dir.resolve("threads.properties"), "num.stream.threads=3\n");
        assertThat(parse("--config", good.toString()).streamsProperties())
                .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "3");
    }

    /** It names the HTTP server others forward to: without --http-port there is none, and it must be HOST:PORT. */
    @Test
    void anApplicationServerInTheConfigFileNeedsTheHttpServerAndHostColonPort(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("app.properties"), "application.server=fleet-1.example:18080\n");
        assertThat(parse("--config", file.toString(), "--http-port", "0").overrides())
                .containsEntry(StreamsConfig.APPLICATION_SERVER_CONFIG, "fleet-1.example:18080");
        assertThatThrownBy(() -> parse("--config", file.toString()))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--http-port");
        Path noPort = Files.writeString(dir.resolve("no-port.properties"), "application.server=fleet-1.example\n");
        assertThatThrownBy(() -> parse("--config", noPort.toString(), "--http-port", "0"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("application.server")
                .hasMessageContaining("host:port");
        for (String port : List.of("0", "70000", "99999999999")) {
            Path badPort = Files.writeString(dir.resolve("bad-port.properties"), "application.server=fleet-1.example:"
                    + port + "\n");
            assertThatThrownBy(() -> parse("--config", badPort.toString(), "--http-port", "0"), port)
                    .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("application.server");
        }
        // blank is Kafka's default, no server; and --describe starts none
        Path blank = Files.writeString(dir.resolve("blank.properties"), "application.server=\n");
        assertThat(parse("--config", blank.toString()).overrides()).containsEntry(StreamsConfig.APPLICATION_SERVER_CONFIG, "");
        assertThat(parse("--config", file.toString(), "--describe").overrides())
                .containsEntry(StreamsConfig.APPLICATION_SERVER_CONFIG, "fleet-1.example:18080");
    }

    /**
     * Kafka takes a host with '_' (docker-compose v1's fleet_app_1) or '%'; the JDK's HTTP client cannot send a request
     * to it, so every request forwarded to that instance would fail. Refused at start, saying why and what to use.
     */
    @Test
    void aHostNameTheOtherInstancesCannotAddressIsNotAdvertised(@TempDir Path dir) throws IOException {
        for (String host : List.of("fleet_app_1", "fleet%app")) {
            assertThatThrownBy(() -> parse("--http-host", host, "--http-port", "0")).as(host)
                    .isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessageContaining("--http-host").hasMessageContaining("'" + host + "'")
                    .hasMessageContaining("without '_'").hasMessageContaining("IP address");
            Path file = Files.writeString(dir.resolve("app.properties"), "application.server=" + host + ":18080\n");
            assertThatThrownBy(() -> parse("--config", file.toString(), "--http-port", "0")).as(host)
                    .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("application.server")
                    .hasMessageContaining("without '_'");
        }
        // names and addresses a URL takes, and no server at all, are as before
        for (String host : List.of("fleet-app-1", "fleet-app-1.example.", "10.0.0.7", "::1", "[::1]", "0.0.0.0")) {
            assertThat(parse("--http-host", host, "--http-port", "0")).as(host).isNotNull();
        }
        assertThat(parse("--http-host", "fleet_app_1")).as("no --http-port: nothing is advertised").isNotNull();
    }
}
