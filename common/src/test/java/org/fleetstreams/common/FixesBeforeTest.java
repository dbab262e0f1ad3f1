package org.fleetstreams.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class FixesBeforeTest {

    @Test
    void anOffsetTravelsAsADecimalAndComesBack() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(FixesBefore.HEADER, FixesBefore.encode(1_234_567));

        assertThat(new String(headers.lastHeader(FixesBefore.HEADER).value(), StandardCharsets.US_ASCII))
                .isEqualTo("1234567");
        assertThat(FixesBefore.of(headers)).isEqualTo(1_234_567);
    }

    @Test
    void noHeaderOrAnUnreadableOneIsNoPromise() {
        assertThat(FixesBefore.of(new RecordHeaders())).isEqualTo(FixesBefore.NONE);
        for (String value : new String[] {"", "-1", "12a", " 12", "1234567890123456789"}) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(FixesBefore.HEADER, value.getBytes(StandardCharsets.US_ASCII));
            assertThat(FixesBefore.of(headers)).as("'%s'", value).isEqualTo(FixesBefore.NONE);
        }
        RecordHeaders nullValue = new RecordHeaders();
        nullValue.add(FixesBefore.HEADER, null);
        assertThat(FixesBefore.of(nullValue)).isEqualTo(FixesBefore.NONE);
    }
}
