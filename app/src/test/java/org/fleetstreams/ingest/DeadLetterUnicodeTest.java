package org.fleetstreams.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.app.TopologyFixture.fix;
import static org.fleetstreams.app.TopologyFixture.sample;
import static org.fleetstreams.ingest.DeadLetterFixtures.T;
import static org.fleetstreams.ingest.DeadLetterFixtures.header;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.deadletter.DeadLetterHeaders;
import org.junit.jupiter.api.Test;

/**
 * Text that no UTF-8 can carry. JSON may escape half of a surrogate pair ({@code "\\ud800"}) and a parser reads it as
 * one lone {@code char}; but the app writes a ride id as UTF-8 into store keys, output keys and headers, where it
 * becomes {@code ?}: two such rides would share their state, and a restored ride would sit under another key than its
 * live records. Such a reading is a dead letter naming the field; a whole pair (an emoji) is ordinary text.
 */
class DeadLetterUnicodeTest extends OnTopologyFixture {

    private static final String FIX = "{\"offset\":60.0,\"id\":null,\"ride_id\":\"%s\",\"uuid\":\"%s\",\"course\":90.0,"
            + "\"latitude\":40.7,\"longitude\":-73.9,\"geohash\":\"dr5ru\",\"speed\":5.0,\"accuracy\":10.0,"
            + "\"event_time\":" + T + "}";
    private static final String SAMPLE = "{\"offset\":60.0,\"id\":null,\"ride_id\":\"%s\",\"uuid\":\"%s\",\"x\":0.1,"
            + "\"y\":0.2,\"z\":0.9,\"event_time\":" + T + "}";

    @Test
    void aRideIdWithAHighSurrogateEscapedAloneIsADeadLetter() {
        // the escape is six ASCII characters in the JSON text: the record's bytes are valid UTF-8
        byte[] value = String.format(FIX, "r\\ud800", "u").getBytes(StandardCharsets.UTF_8);

        TestRecord<String, byte[]> dead = deadLetterOf(app.locations, value);

        assertThat(header(dead, DeadLetterHeaders.REASON))
                .isEqualTo("ride_id not valid Unicode: an unpaired surrogate \\uD800 at index 1"
                        + " (a JSON escape such as \"\\ud800\" without its pair)");
        assertThat(dead.value()).isEqualTo(value);
        assertThat(app.metric("dead-letter-reason-total", "locations/not-json")).isEqualTo(1);
    }

    @Test
    void aUuidWithALowSurrogateAloneIsADeadLetterToo() {
        byte[] value = String.format(SAMPLE, "r", "u-\\udc00-x").getBytes(StandardCharsets.UTF_8);

        TestRecord<String, byte[]> dead = deadLetterOf(app.accelerations, value);

        assertThat(header(dead, DeadLetterHeaders.REASON)).startsWith("uuid not valid Unicode: an unpaired surrogate"
                + " \\uDC00 at index 2");
    }

    @Test
    void twoHighSurrogatesInARowAreNotAPair() {
        byte[] value = String.format(FIX, "r\\ud83d\\ud83d", "u").getBytes(StandardCharsets.UTF_8);

        assertThat(header(deadLetterOf(app.locations, value), DeadLetterHeaders.REASON))
                .startsWith("ride_id not valid Unicode: an unpaired surrogate \\uD83D at index 1");
    }

    /** Raw bytes for a surrogate (CESU-8's ED A0 80) are not UTF-8 at all: a dead letter as well, whatever it says. */
    @Test
    void theBytesOfALoneSurrogateAreADeadLetter() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String[] halves = String.format(FIX, "r@", "u").split("@");
        bytes.writeBytes(halves[0].getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        bytes.writeBytes(halves[1].getBytes(StandardCharsets.UTF_8));

        deadLetterOf(app.locations, bytes.toByteArray());

        assertThat(app.metric("dead-letter-reason-total", "locations/not-json")).isEqualTo(1);
    }

    /** A pair escaped in JSON is one character (U+1F697, an automobile): the ride is read and joined as any other. */
    @Test
    void aWholeSurrogatePairIsOrdinaryText() {
        String ride = "car-\uD83D\uDE97";
        pipe(app.locations, ride, String.format(FIX, "car-\\ud83d\\ude97", "u"));
        pipe(app.accelerations, ride, String.format(SAMPLE, "car-\\ud83d\\ude97", "u"));
        app.pipe(fix(ClosingRecords.RIDE_ID, T + ClosingRecords.LEAD.toMillis(), 0, 0, -1));
        app.pipe(sample(ClosingRecords.RIDE_ID, T + ClosingRecords.LEAD.toMillis(), 0, 0, 1));

        assertThat(app.deadLetters.isEmpty()).isTrue();
        assertThat(app.joined.readRecordsToList()).extracting(TestRecord::key).containsExactly(ride);
    }

    private void pipe(TestInputTopic<String, byte[]> topic, String key, String json) {
        topic.pipeInput(new TestRecord<>(key, json.getBytes(StandardCharsets.UTF_8), null, Instant.ofEpochMilli(T)));
    }

    private TestRecord<String, byte[]> deadLetterOf(TestInputTopic<String, byte[]> topic, byte[] value) {
        topic.pipeInput(new TestRecord<>("r", value, null, Instant.ofEpochMilli(T)));
        List<TestRecord<String, byte[]>> dead = app.deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(app.joined.isEmpty()).isTrue();
        return dead.get(0);
    }
}
