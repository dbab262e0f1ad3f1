package org.fleetstreams.join;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fleetstreams.app.TestData;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.JoinedReading;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.junit.jupiter.api.Test;

/** The join's hand-assembled JSON is byte for byte the mapper's, on every kind of value the checks let through. */
class JoinedJsonTest {

    private static final double[] EDGES = {0.0, -0.0, 1.0, -1.0, 0.1, 1e-7, -1e-7, 1e21, 123456789.123, 1.0E-300,
            Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 0.30000000000000004, 9.81, 2.5e-5, 100.0, 1e7};

    @Test
    void equalsTheMapperOnRandomAndEdgeValues() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            LocationFix fix = new LocationFix(random.nextDouble(0, 500), i % 3 == 0 ? null : "id-" + i, "ride-" + (i % 7),
                    "uuid-" + i, number(random), number(random), number(random), i % 5 == 0 ? null : "9q8yy" + i,
                    number(random), number(random), random.nextLong(0, 4_000_000_000_000L));
            AccelerationSample sample = new AccelerationSample(random.nextDouble(0, 500), null, fix.rideId(), "u",
                    number(random), number(random), number(random), random.nextLong(-5, 4_000_000_000_000L));
            assertSame(sample, fix);
        }
    }

    @Test
    void numbersAreWrittenAsJacksonsWriterWritesThem() {
        SplittableRandom random = new SplittableRandom(17);
        List<Double> values = new ArrayList<>(List.of(0.001, -0.001, 0.0009999999999999998, 0.0009, 9_999_999.999,
                -9_999_999.999, 1e7, 1e7 - 1, 0.0, -0.0, 1.0, -1.0, 0.5, 0.05, 0.1 + 0.2, 0.983, -0.983, 16.0, 1e-4,
                123.456, 4_503_599_627_370_496.5, Double.MIN_VALUE, Double.MAX_VALUE, 0.1, 1.1, 2.2));
        for (int i = 0; i < 100_000; i++) {
            values.add(random.nextLong(-20_000_000, 20_000_000) / 1000.0); // thousandths, as the phones write
            values.add(random.nextLong(-20_000, 20_000) / 1000.0);
            values.add(random.nextDouble(-20, 20));
            values.add(Double.longBitsToDouble(random.nextLong()));
        }
        byte[] out = new byte[64];
        for (double v : values) {
            if (!Double.isFinite(v)) {
                continue;
            }
            int end = JoinedJson.putDouble(out, 3, v);
            assertThat(new String(out, 3, end - 3, StandardCharsets.US_ASCII)).as("%s", v)
                    .isEqualTo(NumberOutput.toString(v, true));
        }
        for (long t : new long[] {0, 7, 10, 99, 1_503_878_401_024L, Long.MAX_VALUE, -1, Long.MIN_VALUE}) {
            int end = JoinedJson.putLong(out, 0, t);
            assertThat(new String(out, 0, end, StandardCharsets.US_ASCII)).isEqualTo(Long.toString(t));
        }
    }

    @Test
    void stringsThatNeedEscapingAndOtherRideIdsGoTheSameWay() {
        String[] odd = {"quote\"d", "back\\slash", "tab\there", "new\nline", "ctl\u0001", "ümlaut-€-𝄞", "", "\u2028"};
        for (String s : odd) {
            LocationFix fix = new LocationFix(1.0, s, s, s, 90.0, 37.5, -122.25, s, 12.5, 5.0, 1_000L);
            assertSame(new AccelerationSample(1.02, s, s, s, 0.1, -0.2, 0.98, 1_020L), fix);
            // Another ride id than the fix's, and numbers the mapper quotes: the mapper itself writes those.
            assertSame(new AccelerationSample(1.02, s, "other" + s, s, 0.1, -0.2, 0.98, 1_020L), fix);
        }
        LocationFix fix = new LocationFix(1.0, "i", "r", "u", 90.0, 37.5, -122.25, "g", 12.5, 5.0, 1_000L);
        assertSame(new AccelerationSample(1.02, "i", "r", "u", Double.NaN, Double.POSITIVE_INFINITY, -0.0, 1_020L), fix);
    }

    @Test
    void equalsTheMapperOnTheRealDataPairs() {
        List<LocationFix> fixes = new ArrayList<>();
        List<AccelerationSample> samples = new ArrayList<>();
        for (SensorReading r : TestData.readings(TestData.bdd(), 1_600_000_000_000L)) {
            if (r instanceof LocationFix f) {
                fixes.add(f);
            } else {
                samples.add((AccelerationSample) r);
            }
        }
        int pairs = 0;
        for (LocationFix fix : fixes) {
            JoinedJson.HeldFix held = JoinedJson.HeldFix.of(fix);
            for (AccelerationSample s : samples) {
                if (s.rideId().equals(fix.rideId()) && Math.abs(s.eventTime() - fix.eventTime()) <= 2_000) {
                    assertThat(JoinedJson.pair(s.rideId(), JoinSample.of(s), held)).isEqualTo(mapper(s, fix));
                    pairs++;
                }
            }
        }
        assertThat(pairs).as("the real data's pairs within 2 s").isGreaterThan(20_000);
    }

    private static void assertSame(AccelerationSample sample, LocationFix fix) {
        byte[] expected = mapper(sample, fix);
        byte[] actual = JoinedJson.pair(sample.rideId(), JoinSample.of(sample), JoinedJson.HeldFix.of(fix));
        assertThat(new String(actual, StandardCharsets.UTF_8)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(actual).isEqualTo(expected);
    }

    private static byte[] mapper(AccelerationSample sample, LocationFix fix) {
        return FleetSerdes.joinedReading().toBytes(JoinedReading.of(sample, fix));
    }

    private static double number(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> EDGES[random.nextInt(EDGES.length)];
            case 1 -> random.nextDouble(-2, 2);
            case 2 -> random.nextDouble(-1e9, 1e9);
            default -> Double.longBitsToDouble(random.nextLong()) % 1e6;
        };
    }
}
