package org.fleetstreams.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The fault suite's reference reads a reading's time as the app's contract says, written here from that contract and
 * not from the app's code: a reading without a time the app can use is a dead letter, so it is expected in no output.
 */
class ExpectedOutputsTest {

    private static final long SENT = 1_796_400_000_000L; // a record timestamp: 2026-12-04, plausible
    private static final String SAMPLE = "{\"offset\":1.0,\"id\":null,\"ride_id\":\"r\",\"uuid\":\"u\",\"x\":0.1,"
            + "\"y\":0.2,\"z\":-0.98%s}";

    private static Long timeOf(String eventTimeField, long recordTimestamp) {
        byte[] value = SAMPLE.formatted(eventTimeField).getBytes(StandardCharsets.UTF_8);
        ExpectedOutputs.Reading r = ExpectedOutputs.parse(
                new InputRecord("accelerations", 0, 0, "r", value, recordTimestamp), false);
        return r == null ? null : r.time();
    }

    @Test
    void aGivenEventTimeIsTheTimeAndNoneGivenIsTheRecordTimestamp() {
        assertThat(timeOf(",\"event_time\":1503878401525", SENT)).isEqualTo(1_503_878_401_525L);
        assertThat(timeOf(",\"event_time\":1503878401525.4", SENT)).as("a float, truncated").isEqualTo(1_503_878_401_525L);
        assertThat(timeOf(",\"event_time\":1503878401525.6", SENT)).as("a float, truncated").isEqualTo(1_503_878_401_525L);
        assertThat(timeOf("", SENT)).as("missing").isEqualTo(SENT);
        assertThat(timeOf(",\"event_time\":null", SENT)).isEqualTo(SENT);
    }

    @Test
    void aReadingWithoutAUsableTimeIsExpectedInNoOutput() {
        assertThat(timeOf(",\"event_time\":\"1503878401525\"", SENT)).as("a string").isNull();
        assertThat(timeOf(",\"event_time\":true", SENT)).as("a boolean").isNull();
        assertThat(timeOf(",\"event_time\":{\"ms\":1503878401525}", SENT)).as("an object").isNull();
        assertThat(timeOf(",\"event_time\":1503878401", SENT)).as("seconds").isNull();
        assertThat(timeOf(",\"event_time\":1503878401525000", SENT)).as("microseconds").isNull();
        assertThat(timeOf(",\"event_time\":99999999999999999999", SENT)).as("beyond a long").isNull();
        assertThat(timeOf("", 1_503_878_401L)).as("none given, the record timestamp in seconds").isNull();
        for (String zero : new String[] {"0", "-0", "0.4", "-0.0"}) {
            assertThat(timeOf(",\"event_time\":" + zero, SENT)).as("1970, a clock never set: " + zero).isNull();
        }
    }
}
