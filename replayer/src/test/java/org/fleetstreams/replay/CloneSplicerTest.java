package org.fleetstreams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.ReadingJsonWriter;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.replay.data.BddDataset;
import org.fleetstreams.replay.data.DataFile;
import org.fleetstreams.replay.data.ParquetRows;
import org.fleetstreams.replay.data.RowSkips;
import org.fleetstreams.replay.data.SensorKind;
import org.junit.jupiter.api.Test;

/** The clones' JSON: written once by common's ReadingJsonWriter, ids spliced in here. */
class CloneSplicerTest {

    /** With event_time, as the serde writes it. */
    private final ReadingJsonWriter writer = new ReadingJsonWriter(true);
    private final FleetCloner cloner = new FleetCloner(4);

    @Test
    void everyRealRowAndCloneIsByteForByteWhatTheSerdeWrites() {
        BddDataset data = BddDataset.open(TestData.bdd());
        int checked = 0;
        for (DataFile file : data.files()) {
            for (SensorReading row : ParquetRows.read(file.kind(), file.path(), new RowSkips())) {
                long eventTime = 1_503_000_000_000L + Math.round(row.offset() * 1000);
                ReadingJsonWriter.Written encoded = writer.write(row, eventTime);
                for (int k = 0; k < cloner.size(); k++) {
                    byte[] spliced = k == 0 ? encoded.json() : CloneSplicer.withIds(encoded,
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
            ReadingJsonWriter.Written encoded = writer.write(row, 42);
            byte[] expected = row instanceof LocationFix f
                    ? FleetSerdes.locationFix().toBytes(f.withIdentity(f.id(), f.rideId(), f.uuid(), 42))
                    : FleetSerdes.accelerationSample().toBytes(((AccelerationSample) row).withIdentity(row.id(), row.rideId(), row.uuid(), 42));
            assertThat(new String(encoded.json())).isEqualTo(new String(expected));
            SensorReading renamed = row.withIdentity("new\"id", null, "é", 42);
            assertThat(new String(CloneSplicer.withIds(encoded, "new\"id", null, "é")))
                    .isEqualTo(new String(FleetSerdes.toBytes(renamed)));
        }
    }

    /**
     * The wire format must not change: the first real row of each kind, as the replayer wrote it before the writer
     * moved to common (commit a289047), byte for byte; since 2026-12-05 {@code event_time} only on request.
     */
    @Test
    void theFirstRealRowOfEachKindIsWhatTheReplayerHasAlwaysPublished() {
        Map<SensorKind, String> written = new EnumMap<>(SensorKind.class);
        for (DataFile file : BddDataset.open(TestData.bdd()).files()) {
            if (!written.containsKey(file.kind())) {
                SensorReading row = ParquetRows.read(file.kind(), file.path(), new RowSkips()).get(0);
                long eventTime = 1_503_000_000_000L + Math.round(row.offset() * 1000);
                written.put(file.kind(), new String(new ReadingJsonWriter().write(row, eventTime).json(), StandardCharsets.UTF_8));
            }
        }

        assertThat(written.get(SensorKind.LOCATIONS)).isEqualTo("{\"offset\":1.525060886522843,"
                + "\"id\":\"58682c5d48cad9d9e103431d773615bf\",\"ride_id\":\"c9a2b46c9aa515b632eddc45c4868482\","
                + "\"uuid\":\"19b9aa10588646b3bf22c9b4865a7995\",\"course\":299.619140625,\"latitude\":40.76287002542555,"
                + "\"longitude\":-73.96194855681718,\"geohash\":\"dr5ruuwscttz\",\"speed\":0.0,\"accuracy\":10.0}");
        assertThat(written.get(SensorKind.ACCELERATIONS)).isEqualTo("{\"offset\":0.8220608865228429,"
                + "\"id\":\"58682c5d48cad9d9e103431d773615bf\",\"ride_id\":\"c9a2b46c9aa515b632eddc45c4868482\","
                + "\"uuid\":\"19b9aa10588646b3bf22c9b4865a7995\",\"x\":-0.994,\"y\":0.045,\"z\":-0.036000000000000004}");
    }
}
