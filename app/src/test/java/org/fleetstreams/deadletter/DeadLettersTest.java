package org.fleetstreams.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

/** The headers a dead letter gets, built directly: where it came from, why, and what of the input it carries. */
class DeadLettersTest {

    @Test
    void aLateRecordNamesTheInputRecordItWasReadAs() {
        MockProcessorContext<String, Object> context = new MockProcessorContext<>();
        context.setRecordMetadata("t-accelerations", 2, 41);

        Headers h = DeadLetters.late(context, new RecordHeaders(), null, "joined", 5_000,
                DeadLetters.behindClock(1_000));

        assertThat(text(h, DeadLetterHeaders.TOPIC)).isEqualTo("t-accelerations");
        assertThat(text(h, DeadLetterHeaders.PARTITION)).isEqualTo("2");
        assertThat(text(h, DeadLetterHeaders.OFFSET)).isEqualTo("41");
        assertThat(text(h, DeadLetterHeaders.REASON)).startsWith("late: missed joined by 5000 ms");
        assertThat(text(h, DeadLetterHeaders.LATE_BY_MS)).isEqualTo("5000");
    }

    @Test
    void inAPunctuationThereIsNoInputRecordToName() {
        // configure: what Kafka Streams' record context holds while a punctuation runs (no topic, offset -1)
        MockProcessorContext<String, Object> context = new MockProcessorContext<>();
        context.setRecordMetadata(null, -1, -1);

        // verify: headers without a source, not a NullPointerException
        Headers h = DeadLetters.late(context, new RecordHeaders(), null, "joined", 5_000,
                DeadLetters.behindClock(1_000));

        assertThat(h.lastHeader(DeadLetterHeaders.TOPIC)).isNull();
        assertThat(h.lastHeader(DeadLetterHeaders.OFFSET)).isNull();
        assertThat(text(h, DeadLetterHeaders.LATE_RESULT)).isEqualTo("joined");
    }

    @Test
    void aDerivedRecordNamesWhatItIsAndNoInput() {
        Headers h = DeadLetters.lateDerived(new RecordHeaders(), "harsh-braking alert",
                "car-summaries window [0,30000)", 4_500, DeadLetters.afterWindowClosed(4_100));

        assertThat(text(h, DeadLetterHeaders.DERIVED)).isEqualTo("harsh-braking alert");
        assertThat(h.lastHeader(DeadLetterHeaders.TOPIC)).isNull();
        assertThat(text(h, DeadLetterHeaders.EXCEPTION)).isEqualTo(DeadLetterHeaders.LATE);
        assertThat(text(h, DeadLetterHeaders.LATE_RESULT)).isEqualTo("car-summaries window [0,30000)");
    }

    @Test
    void theInputsOwnHeadersAreKeptAndAReplayedDeadLettersAreReplaced() {
        MockProcessorContext<String, Object> context = new MockProcessorContext<>();
        context.setRecordMetadata("t-locations", 0, 7);
        Headers in = new RecordHeaders();
        in.add("trace-id", bytes("abc"));
        in.add(DeadLetterHeaders.REASON, bytes("an earlier reason"));

        Headers h = DeadLetters.invalid(context, in, "missing required property 'speed'");

        assertThat(text(h, "trace-id")).isEqualTo("abc");
        assertThat(h.headers(DeadLetterHeaders.REASON)).hasSize(1);
        assertThat(text(h, DeadLetterHeaders.REASON)).isEqualTo("missing required property 'speed'");
        assertThat(h.lastHeader(DeadLetterHeaders.HEADERS_DROPPED)).isNull();
        assertThat(in.headers(DeadLetterHeaders.REASON)).as("the input's headers are not changed").hasSize(1);
    }

    @Test
    void inputHeadersTooLargeToCarryAreLeftOutSoTheDeadLetterFits() {
        // configure: an invalid record whose headers alone are near the broker's 1 MB record limit
        MockProcessorContext<String, Object> context = new MockProcessorContext<>();
        context.setRecordMetadata("t-locations", 0, 7);
        Headers in = new RecordHeaders();
        in.add("blob", new byte[950_000]);
        in.add("trace-id", bytes("abc"));
        byte[] value = "{oops".getBytes(StandardCharsets.UTF_8);

        Headers h = DeadLetters.invalid(context, in, "not JSON");
        byte[] carried = DeadLetters.fitted(value, 1, h);

        // verify: the input's headers are named, not carried; the value and our headers fit
        assertThat(h.lastHeader("blob")).isNull();
        assertThat(h.lastHeader("trace-id")).isNull();
        // names, values, and 8 bytes each for their lengths
        assertThat(text(h, DeadLetterHeaders.HEADERS_DROPPED)).isEqualTo("2 headers, 950031 bytes");
        assertThat(carried).isEqualTo(value);
        assertThat(size(h) + carried.length).isLessThan(DeadLetters.MAX_DEAD_LETTER_BYTES);
        assertThat(text(h, DeadLetterHeaders.TOPIC)).isEqualTo("t-locations");
    }

    private static long size(Headers headers) {
        long n = 0;
        for (Header h : headers) {
            n += h.key().length() + (h.value() == null ? 0 : h.value().length);
        }
        return n;
    }

    private static String text(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
