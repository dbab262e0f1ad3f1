package org.fleetstreams.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The generator's geohash against published values, and each cell against the point it was made from. */
class GeohashTest {

    private static final String BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz";

    @Test
    void publishedExamples() {
        // Wikipedia's "Geohash" article: u4pruydqqvj is about 57.64911 N, 10.40744 E; ezs42 is about 42.6 N, 5.6 W
        assertThat(Geohash.encode(57.64911, 10.40744, 11)).isEqualTo("u4pruydqqvj");
        assertThat(Geohash.encode(42.6, -5.6, 5)).isEqualTo("ezs42");
        // the corners of the world: the first character halves longitude, then latitude
        assertThat(Geohash.encode(-89.9, -179.9, 1)).isEqualTo("0");
        assertThat(Geohash.encode(89.9, 179.9, 1)).isEqualTo("z");
    }

    @Test
    void everyCellHoldsItsPointAndHalvesAsItGrows() {
        Random random = new Random(7);
        for (int n = 0; n < 10_000; n++) {
            double lat = random.nextDouble() * 180 - 90;
            double lon = random.nextDouble() * 360 - 180;
            String hash = Geohash.encode(lat, lon, 12);
            double[] cell = decode(hash);
            assertThat(lat).as(hash).isBetween(cell[0], cell[1]);
            assertThat(lon).as(hash).isBetween(cell[2], cell[3]);
            // 12 characters are 60 bits, 30 per axis
            assertThat(cell[1] - cell[0]).isEqualTo(180 / Math.pow(2, 30), Offset.offset(1e-15));
            assertThat(cell[3] - cell[2]).isEqualTo(360 / Math.pow(2, 30), Offset.offset(1e-15));
            assertThat(Geohash.encode(lat, lon, 7)).isEqualTo(hash.substring(0, 7)); // a prefix is the larger cell
        }
    }

    /** The cell of {@code hash}: {south, north, west, east}, read bit by bit from the base-32 characters. */
    private static double[] decode(String hash) {
        double[] lat = {-90, 90};
        double[] lon = {-180, 180};
        boolean evenBit = true;
        for (char c : hash.toCharArray()) {
            int v = BASE32.indexOf(c);
            for (int b = 4; b >= 0; b--) {
                double[] range = evenBit ? lon : lat;
                double mid = (range[0] + range[1]) / 2;
                if (((v >> b) & 1) == 1) {
                    range[0] = mid;
                } else {
                    range[1] = mid;
                }
                evenBit = !evenBit;
            }
        }
        return new double[] {lat[0], lat[1], lon[0], lon[1]};
    }
}
