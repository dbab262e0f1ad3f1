package org.fleetstreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An application id that cannot begin a topic name, and a state directory the app cannot make, are bad options (exit
 * 2) refused before the app connects: Kafka Streams found them only after the outputs were created, as a failed run.
 */
class LocalChecksTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"fleet/eu", "fleet app", "fleet:eu"})
    void anApplicationIdWithCharactersATopicNameCannotHaveIsRefused(String id) {
        AppRun run = AppRun.of("--application-id", id, "--describe");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("--application-id: application.id '" + id + "' must be letters, digits");
        assertThat(run.out()).doesNotContain("Topologies");
    }

    @Test
    void anEmptyApplicationIdIsRefused() {
        AppRun run = AppRun.of("--application-id", "", "--describe");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("application.id '' must be");
    }

    @Test
    void anApplicationIdTooLongForItsLongestChangelogIsRefusedNamingThatTopic() {
        String id = "a".repeat(LocalChecks.MAX_TOPIC_NAME - "-changelog".length() - "-x".length());

        AppRun run = AppRun.of("--application-id", id, "--describe");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("is too long: its changelog topic " + id + "-", "-changelog would have",
                "Kafka allows 249");
        assertThat(AppRun.of("--application-id", "a".repeat(200), "--describe").code()).as("200 characters fit").isZero();
    }

    @Test
    void aStateDirectoryThatIsAFileIsRefusedBeforeConnecting() throws Exception {
        Path file = Files.writeString(dir.resolve("state"), "not a directory");

        AppRun asIs = AppRun.of("--state-dir", file.toString(), "--bootstrap-servers", "localhost:1", "--http-port", "-1");
        AppRun below = AppRun.of("--state-dir", file.resolve("app").toString(), "--bootstrap-servers", "localhost:1",
                "--http-port", "-1");

        assertThat(asIs.code()).as("a bad option, not Kafka unreachable (3)").isEqualTo(2);
        assertThat(asIs.err()).contains("the state directory " + file, ": " + file + " is not a directory");
        assertThat(below.code()).isEqualTo(2);
        assertThat(below.err()).contains(": " + file + " is not a directory");
    }

    @Test
    void theApplicationsOwnFolderIsWhatMustBeAFolder() throws Exception {
        Files.writeString(dir.resolve("fleetstreams-bdd"), "a file where Kafka Streams keeps this app's state");

        assertThat(LocalChecks.stateDirProblem(dir, "fleetstreams-bdd")).hasValue(dir.resolve("fleetstreams-bdd")
                + " is not a directory");
        assertThat(LocalChecks.stateDirProblem(dir, "other")).isEmpty();
    }

    @Test
    void aStateDirectoryStillToBeMadeIsFine() {
        assertThat(LocalChecks.stateDirProblem(dir.resolve("a/b/c"), "app")).isEmpty();
        assertThat(LocalChecks.stateDirProblem(dir, "app")).isEmpty();
    }

    /** --config wins over --application-id: a bad id from the file is said to come from the file. */
    @Test
    void aBadApplicationIdIsNamedWhereItCameFrom() throws Exception {
        Path file = Files.writeString(dir.resolve("app.properties"), "application.id=fleet/eu\n");

        AppRun run = AppRun.of("--application-id", "fine", "--config", file.toString(), "--describe");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("--config " + file + ": application.id 'fleet/eu'");
    }

    /** Kafka only logs a key it does not know: the app says so on the console, a misspelt key being ignored. */
    @Test
    void aKeyNothingReadsIsNotedAndTheOthersAreNot() throws Exception {
        Path file = Files.writeString(dir.resolve("app.properties"), String.join("\n", "proccessing.guarantee=at_least_once",
                "producer.lingr.ms=5", "topic.min.insync.replicas=1", "producer.linger.ms=5", "commit.interval.ms=500",
                "main.consumer.max.poll.records=100", "ssl.truststore.type=PKCS12", "topic.segment.bytes=1048576",
                "braking.enter.g=0.35", "fleetstreams.merge.fixes-before=true",
                // read by pattern, or by the app itself for brokers before 3.6
                "topic.message.timestamp.difference.max.ms=9223372036854775807", "client.tag.zone=eu-1",
                "config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider",
                "metrics.context.team=fleet", "internal.task.assignor.class=x", "__state.updater.enabled__=true", ""));

        AppRun run = AppRun.of("--config", file.toString(), "--describe");

        assertThat(run.code()).isZero();
        assertThat(run.err()).contains("note: --config " + file + ": proccessing.guarantee is no setting",
                "note: --config " + file + ": producer.lingr.ms is no setting");
        assertThat(run.err().lines().filter(l -> l.startsWith("note: --config"))).hasSize(2);
    }
}
