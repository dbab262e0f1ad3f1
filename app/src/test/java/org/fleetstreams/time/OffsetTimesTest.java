package org.fleetstreams.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The ring of (offset, time) pairs behind {@link FixPromises} and {@link SentClaims}: first in, first out, across the wrap. */
class OffsetTimesTest {

    @Test
    void keepsPairsInOrderAcrossTheWrap() {
        OffsetTimes ring = new OffsetTimes(3);
        ring.add(10, 100);
        ring.add(11, 110);
        ring.add(12, 120);
        assertThat(ring.full()).isTrue();
        ring.dropFirst();
        ring.add(13, 130); // written where (10, 100) was
        assertThat(ring.firstOffset()).isEqualTo(11);
        assertThat(ring.firstTime()).isEqualTo(110);
        assertThat(ring.lastOffset()).isEqualTo(13);
        assertThat(ring.lastTime()).isEqualTo(130);

        ring.setLast(14, 125);
        ring.dropFirst();
        ring.dropFirst();
        assertThat(ring.size()).isEqualTo(1);
        assertThat(ring.firstOffset()).isEqualTo(14);
        assertThat(ring.firstTime()).isEqualTo(125);
    }

    @Test
    void refusesToOverfillOrToReadWhenEmpty() {
        OffsetTimes ring = new OffsetTimes(1);
        assertThatThrownBy(ring::lastOffset).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(ring::dropFirst).isInstanceOf(IllegalStateException.class);
        ring.add(1, 1);
        assertThatThrownBy(() -> ring.add(2, 2)).isInstanceOf(IllegalStateException.class);
        ring.clear();
        assertThat(ring.isEmpty()).isTrue();
    }
}
