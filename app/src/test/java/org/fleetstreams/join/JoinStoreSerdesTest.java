package org.fleetstreams.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.LocationFix;
import org.junit.jupiter.api.Test;

class JoinStoreSerdesTest {

    private static final LocationFix FIX = new LocationFix(1.525, null, "c9a2b46c", "ü-19b9", 299.6, 40.76287,
            -73.96194, null, -1.0, 10.0, 1_700_000_001_525L);
    private static final AccelerationSample SAMPLE = new AccelerationSample(0.822, "58682c5d", "c9a2b46c", null,
            -0.994, 0.045, -0.036, 1_700_000_000_822L);

    @Test
    void valuesRoundTripWithNullAndNonAsciiStrings() {
        var fixes = JoinStoreSerdes.locationFix();
        JoinSample sample = JoinSample.of(SAMPLE);
        JoinSample other = new JoinSample(-5, Double.MAX_VALUE, -0.0, Double.MIN_VALUE);

        assertThat(fixes.deserializer().deserialize("t", fixes.serializer().serialize("t", FIX))).isEqualTo(FIX);
        byte[] chunk = JoinStoreSerdes.emptySampleChunk(2);
        int length = JoinStoreSerdes.putSample(chunk, JoinStoreSerdes.sampleChunkLength(0), sample);
        assertThat(JoinStoreSerdes.sampleChunk(Arrays.copyOf(chunk, length))).containsExactly(
                new JoinSample(1_700_000_000_822L, -0.994, 0.045, -0.036));
        length = JoinStoreSerdes.putSample(chunk, length, other);
        assertThat(length).isEqualTo(JoinStoreSerdes.sampleChunkLength(2)).isEqualTo(chunk.length);
        assertThat(JoinStoreSerdes.sampleChunk(chunk)).containsExactly(sample, other);
        assertThat(JoinStoreSerdes.sampleChunk(JoinStoreSerdes.emptySampleChunk(0))).isEmpty();
    }

    @Test
    void theBinaryFormatIsSmallerThanTheJson() {
        assertThat(JoinStoreSerdes.sampleChunkLength(1) - JoinStoreSerdes.sampleChunkLength(0)).isEqualTo(8 + 3 * 8)
                .isLessThan(FleetSerdes.accelerationSample().toBytes(SAMPLE).length / 3);
    }

    @Test
    void stateInAnotherFormatIsRefusedWithTheStoresName() {
        byte[] json = FleetSerdes.accelerationSample().toBytes(SAMPLE);

        assertThatThrownBy(() -> JoinStoreSerdes.sampleChunk(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("store accel-gps-join-samples holds a value in format 123");
        byte[] formatTwo = new byte[1 + 8 + 3 * 8]; // one sample per entry, before the chunks
        formatTwo[0] = 2;
        assertThatThrownBy(() -> JoinStoreSerdes.sampleChunk(formatTwo))
                .hasMessageContaining("store accel-gps-join-samples holds a value in format 2");
        byte[] cut = Arrays.copyOf(JoinStoreSerdes.emptySampleChunk(1), 20);
        assertThatThrownBy(() -> JoinStoreSerdes.sampleChunk(cut))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a whole number of samples");
        assertThatThrownBy(() -> JoinStoreSerdes.fixFromBytes(new byte[0]))
                .hasMessageContaining("store accel-gps-join-fixes holds a value in format (empty)");
    }
}
