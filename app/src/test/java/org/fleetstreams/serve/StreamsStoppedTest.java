package org.fleetstreams.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which IllegalStateException is a moment (503, try again) and which is a bug (500): Kafka Streams' own "not running",
 * thrown when it stopped between the server's state check and its call, is the first; anything else the second.
 * Before, every IllegalStateException was a 503 with its raw message.
 */
class StreamsStoppedTest {

    @TempDir
    Path state;

    @Test
    void kafkaStreamsNotRunningIsAMomentAnyOtherIllegalStateIsABug() {
        KafkaStreams streams = UnstartedStreams.create("streams-stopped-test", state);
        streams.close();

        IllegalStateException stopped = catchThrowableOfType(IllegalStateException.class,
                streams::metadataForAllStreamsClients);

        assertThat(streams.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
        assertThat(Requests.streamsStopped(stopped)).as(stopped.getMessage()).isTrue();
        assertThat(Requests.streamsStopped(new IllegalStateException("a bug"))).isFalse();
        assertThat(Requests.streamsStopped(new IllegalStateException())).isFalse();
    }
}
