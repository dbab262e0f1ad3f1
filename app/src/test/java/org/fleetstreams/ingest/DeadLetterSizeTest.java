package org.fleetstreams.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.app.TopologyFixture.fix;
import static org.fleetstreams.app.TopologyFixture.sample;
import static org.fleetstreams.ingest.DeadLetterFixtures.T;
import static org.fleetstreams.ingest.DeadLetterFixtures.header;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.deadletter.DeadLetterHeaders;
import org.junit.jupiter.api.Test;

/** Values, keys and headers too large to carry are dead letters cut to fit; the largest valid reading goes whole. */
class DeadLetterSizeTest extends OnTopologyFixture {

    /** An input as large as a broker takes by default: its dead letter, headers added, must still be writable. */
    @Test
    void aValueTooLargeToCopyWholeIsCutAndSaysHowLongItWas() {
        byte[] original = new byte[1_000_000];
        Arrays.fill(original, (byte) 'x');
        app.locations.pipeInput(new TestRecord<>("r", original, Instant.ofEpochMilli(T)));

        TestRecord<String, byte[]> dead = app.deadLetters.readRecord();
        assertThat(header(dead, DeadLetterHeaders.TRUNCATED_FROM)).isEqualTo("1000000");
        assertThat(dead.value().length).isLessThanOrEqualTo(900_000);
        assertThat(dead.value()).isEqualTo(Arrays.copyOf(original, dead.value().length));
        assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("value too large: 1,000,000 bytes, a reading may"
                + " have at most 65,536");
        assertThat(app.metric("dead-letter-reason-total", "locations/out-of-range")).isEqualTo(1);
    }

    @Test
    void aKeyTooLargeToCopyWholeIsCutAndSaysHowLongItWas() {
        String key = "k".repeat(600_000);
        byte[] value = new byte[300_000];
        Arrays.fill(value, (byte) 'x');
        app.locations.pipeInput(new TestRecord<>(key, value, Instant.ofEpochMilli(T)));

        TestRecord<String, byte[]> dead = app.deadLetters.readRecord();
        assertThat(dead.key()).isEqualTo(key.substring(0, 10_000));
        assertThat(header(dead, DeadLetterHeaders.KEY_TRUNCATED_FROM)).isEqualTo("600000");
        assertThat(dead.value()).isEqualTo(value);
    }

    /**
     * Valid JSON with unknown fields of any size: beyond what a reading may be, a dead letter (cut to fit) at once; a
     * state store would otherwise keep it, and a changelog record of it could pass what the producer sends.
     */
    @Test
    void aValidReadingOfAMegabyteIsADeadLetterCutToFit() {
        String fix = new String(FleetSerdes.locationFix().toBytes(fix("r", T, 40.7, -73.9, 5)), StandardCharsets.UTF_8);
        String large = fix.substring(0, fix.length() - 1) + ",\"notes\":\"" + "n".repeat(950_000) + "\"}";

        app.locations.pipeInput(new TestRecord<>("r", large.getBytes(StandardCharsets.UTF_8), Instant.ofEpochMilli(T)));

        TestRecord<String, byte[]> dead = app.deadLetters.readRecord();
        assertThat(header(dead, DeadLetterHeaders.REASON)).startsWith("value too large: ");
        assertThat(header(dead, DeadLetterHeaders.TRUNCATED_FROM)).isEqualTo(String.valueOf(large.length()));
        assertThat(dead.value().length).isLessThan(900_000);
        assertThat(app.deadLetters.isEmpty()).isTrue();
    }

    /** The largest reading the check takes, late for its results: its dead letters carry it whole. */
    @Test
    void theLargestValidReadingLateForItsResultsIsADeadLetterWhole() {
        app.pipe(fix("r", T, 40.7, -73.9, 5));
        app.pipe(sample("r", T + 100, 0, 0, 1));
        app.advanceBothInputsTo(T + 600_000);
        app.deadLetters.readRecordsToList();
        String fix = new String(FleetSerdes.locationFix().toBytes(fix("r", T + 1_000, 40.7, -73.9, 5)),
                StandardCharsets.UTF_8);
        String head = fix.substring(0, fix.length() - 1) + ",\"notes\":\"";
        String large = head + "n".repeat(CheckedSerde.MAX_VALUE_BYTES - head.length() - 2) + "\"}";
        assertThat(large.length()).isEqualTo(CheckedSerde.MAX_VALUE_BYTES);

        app.locations.pipeInput(new TestRecord<>("r", large.getBytes(StandardCharsets.UTF_8), Instant.ofEpochMilli(T + 1_000)));

        List<TestRecord<String, byte[]>> dead = app.deadLetters.readRecordsToList();
        assertThat(dead).isNotEmpty().allSatisfy(d -> {
            assertThat(header(d, DeadLetterHeaders.REASON)).startsWith("late: missed");
            assertThat(new String(d.value(), StandardCharsets.UTF_8)).isEqualTo(large);
        });
        assertThat(dead).anySatisfy(d -> assertThat(header(d, DeadLetterHeaders.REASON)).contains("car-summaries"));
    }

    /**
     * Many empty headers: 0 bytes of names and values, but each takes its lengths where the merge holds it. 10,000 of
     * them, 80,000 bytes held, are over the bound: a dead letter, not a reading held in a changelog record that can
     * grow past the producer's limit, and a dead letter that leaves them out.
     */
    @Test
    void aReadingWithTooManyEmptyHeadersIsADeadLetter() {
        RecordHeaders many = new RecordHeaders();
        for (int i = 0; i < 10_000; i++) {
            many.add("", null);
        }
        app.locations.pipeInput(new TestRecord<>("r", FleetSerdes.locationFix().toBytes(fix("r", T, 40.7, -73.9, 5)),
                many, Instant.ofEpochMilli(T)));
        app.advanceBothInputsTo(T + 600_000);

        TestRecord<String, byte[]> dead = app.deadLetters.readRecord();
        assertThat(header(dead, DeadLetterHeaders.REASON)).startsWith("headers too large: 80,000 bytes");
        assertThat(header(dead, DeadLetterHeaders.HEADERS_DROPPED)).as("nor does its dead letter keep them")
                .isEqualTo("10000 headers, 80000 bytes");
    }

    /**
     * A valid reading's headers go with every joined pair and alert it makes: near the broker's 1 MB, those outputs
     * would be over the producer's limit and fail the task under exactly-once on every restart.
     */
    @Test
    void aReadingWithHeadersTooLargeToCarryIsADeadLetter() {
        RecordHeaders big = new RecordHeaders();
        big.add("blob", new byte[100_000]);
        byte[] fix = FleetSerdes.locationFix().toBytes(fix("r", T, 40.7, -73.9, 5));
        app.locations.pipeInput(new TestRecord<>("r", fix, big, Instant.ofEpochMilli(T)));
        app.pipe(sample("r", T + 100, 0, 0, 1));
        app.advanceBothInputsTo(T + 600_000);

        TestRecord<String, byte[]> dead = app.deadLetters.readRecord();
        assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("headers too large: 100,012 bytes (names, values"
                + " and 8 bytes of lengths each), a reading's may have at most 65,536");
        assertThat(header(dead, DeadLetterHeaders.HEADERS_DROPPED)).isEqualTo("1 headers, 100012 bytes");
        assertThat(dead.value()).isEqualTo(fix);
        assertThat(app.joined.isEmpty()).as("the fix joined nothing").isTrue();
        assertThat(app.metric("dead-letter-reason-total", "locations/out-of-range")).isEqualTo(1);
    }
}
