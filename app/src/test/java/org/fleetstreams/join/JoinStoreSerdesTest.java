package org.fleetstreams.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        var samples = JoinStoreSerdes.joinSample();
        JoinSample sample = JoinSample.of(SAMPLE);

        assertThat(fixes.deserializer().deserialize("t", fixes.serializer().serialize("t", FIX))).isEqualTo(FIX);
        assertThat(samples.deserializer().deserialize("t", samples.serializer().serialize("t", sample))).isEqualTo(sample)
                .isEqualTo(new JoinSample(1_700_000_000_822L, -0.994, 0.045, -0.036));
        assertThat(samples.serializer().serialize("t", null)).isNull();
        assertThat(samples.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void theBinaryFormatIsSmallerThanTheJson() {
        assertThat(JoinStoreSerdes.toBytes(JoinSample.of(SAMPLE))).hasSize(1 + 8 + 3 * 8)
                .hasSizeLessThan(FleetSerdes.accelerationSample().toBytes(SAMPLE).length / 3);
    }

    @Test
    void stateInAnotherFormatIsRefusedWithTheStoresName() {
        byte[] json = FleetSerdes.accelerationSample().toBytes(SAMPLE);

        assertThatThrownBy(() -> JoinStoreSerdes.sampleFromBytes(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("store accel-gps-join-samples holds a value in format 123");
        byte[] formatOne = new byte[1 + 8 + 4 * 8 + 3 * 4];
        formatOne[0] = 1;
        assertThatThrownBy(() -> JoinStoreSerdes.sampleFromBytes(formatOne))
                .hasMessageContaining("store accel-gps-join-samples holds a value in format 1");
        assertThatThrownBy(() -> JoinStoreSerdes.fixFromBytes(new byte[0]))
                .hasMessageContaining("store accel-gps-join-fixes holds a value in format (empty)");
    }
}
