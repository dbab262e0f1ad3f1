package org.fleetstreams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.replay.data.BddDataset;
import org.fleetstreams.replay.data.DataFile;
import org.fleetstreams.replay.data.ParquetRows;
import org.fleetstreams.replay.data.RowSkips;
import org.junit.jupiter.api.Test;

class RecordEncoderTest {

    private final RecordEncoder encoder = new RecordEncoder();
    private final FleetCloner cloner = new FleetCloner(4);

    @Test
    void everyRealRowAndCloneIsByteForByteWhatTheSerdeWrites() {
        BddDataset data = BddDataset.open(TestData.bdd());
        int checked = 0;
        for (DataFile file : data.files()) {
            for (SensorReading row : ParquetRows.read(file.kind(), file.path(), new RowSkips())) {
                long eventTime = 1_503_000_000_000L + Math.round(row.offset() * 1000);
                RecordEncoder.Encoded encoded = encoder.encode(row, eventTime);
                for (int k = 0; k < cloner.size(); k++) {
                    byte[] spliced = k == 0 ? encoded.original() : RecordEncoder.withIds(encoded,
                            cloner.cloneId(row.id(), k), cloner.cloneId(row.rideId(), k), cloner.cloneId(row.uuid(), k));
                    assertThat(new String(spliced)).isEqualTo(new String(FleetSerdes.toBytes(cloner.clone(row, k, eventTime))));
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(4 * 23_990);
    }

    @Test
    void nullsAndCharactersThatNeedEscapingAreExact() {
        List<SensorReading> rows = List.of(
                new LocationFix(1.5, null, "r\"1", "u\\1", 1e-7, -0.0, 1e21, null, -1, Double.MIN_VALUE, 0),
                new AccelerationSample(2.0, "ïd", "ride\n", null, 1, 2, 3, 7));
        for (SensorReading row : rows) {
            RecordEncoder.Encoded encoded = encoder.encode(row, 42);
            byte[] expected = row instanceof LocationFix f
                    ? FleetSerdes.locationFix().toBytes(f.withIdentity(f.id(), f.rideId(), f.uuid(), 42))
                    : FleetSerdes.accelerationSample().toBytes(((AccelerationSample) row).withIdentity(row.id(), row.rideId(), row.uuid(), 42));
            assertThat(new String(encoded.original())).isEqualTo(new String(expected));
            SensorReading renamed = row.withIdentity("new\"id", null, "é", 42);
            assertThat(new String(RecordEncoder.withIds(encoded, "new\"id", null, "é")))
                    .isEqualTo(new String(FleetSerdes.toBytes(renamed)));
        }
    }
}
