package org.fleetstreams.replay.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.replay.data.TestParquet.acceleration;
import static org.fleetstreams.replay.data.TestParquet.location;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.parquet.io.api.Binary;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The text columns ({@code id}, {@code ride_id}, {@code uuid}, {@code geohash}) in the types other writers give them. */
class BddDatasetTextColumnsTest {

    @TempDir
    Path dir;

    /**
     * pandas stores an integer id column with a gap as float64 (the gap a NaN), and one with no value at all as an
     * all-NaN float64. Such ids are published as their integers ("12", not "12.0"), a NaN or null as null, any other
     * value as Java prints it. Before, the whole data set was refused ("column 'id' is optional double, expected string").
     * {@code ride_id} is not taken as a float.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void floatAndDoubleIdsArePublishedAsTheirNumbers(boolean dictionary) throws IOException {
        var pandas = TestParquet.edited(TestParquet.BDD_LOCATIONS,
                "optional binary id (STRING)", "optional double id",
                "optional binary uuid (STRING)", "optional float uuid",
                "optional binary geohash (STRING)", "optional double geohash");
        Map<String, Object> whole = location("r", 1.0, 3);
        whole.putAll(Map.of("id", 12.0, "uuid", 7f, "geohash", -3.0));
        Map<String, Object> fractional = location("r", 2.0, 3);
        fractional.putAll(Map.of("id", 12.5, "uuid", 0.1f, "geohash", 1e20));
        Map<String, Object> missing = location("r", 3.0, 3);
        missing.putAll(Map.of("id", Double.NaN, "uuid", Float.NaN));
        missing.remove("geohash");
        Path file = dir.resolve("locations/t=000.0/car.parquet");
        TestParquet.write(file, pandas, dictionary, whole, fractional, missing);
        TestParquet.write(dir.resolve("accelerations/t=000.0/car.parquet"), TestParquet.BDD_ACCELERATIONS,
                acceleration("r", 1.0));
        RowSkips skips = new RowSkips();

        BddDataset data = BddDataset.open(dir);
        List<SensorReading> rows = ParquetRows.read(SensorKind.LOCATIONS, file, skips);

        assertThat(data.rowCount(SensorKind.LOCATIONS)).isEqualTo(3);
        assertThat(rows).extracting(SensorReading::id).containsExactly("12", "12.5", null);
        assertThat(rows).extracting(SensorReading::uuid).containsExactly("7", "0.1", null);
        assertThat(rows).extracting(r -> ((LocationFix) r).geohash()).containsExactly("-3", "1.0E20", null);
        assertThat(skips.byReason()).isEmpty();
        // a ride's key stays text or an integer: a float one (12.0 or 12.5?) is refused
        assertThat(SchemaCheck.problems(SensorKind.LOCATIONS, TestParquet.edited(pandas,
                "optional binary ride_id (STRING)", "optional double ride_id")))
                .containsExactly("column 'ride_id' is optional double, expected string");
    }

    @Test
    void anAllNanIdColumnIsPublishedAsNull() throws IOException {
        var allNan = TestParquet.edited(TestParquet.BDD_ACCELERATIONS, "optional binary id (STRING)", "optional double id");
        Map<String, Object> first = acceleration("r", 1.0);
        first.put("id", Double.NaN);
        Map<String, Object> second = acceleration("r", 1.02);
        second.put("id", Double.NaN);
        Path file = dir.resolve("accelerations/t=000.0/car.parquet");
        TestParquet.write(file, allNan, first, second);

        List<SensorReading> rows = ParquetRows.read(SensorKind.ACCELERATIONS, file, new RowSkips());

        assertThat(rows).hasSize(2).extracting(SensorReading::id).containsOnlyNulls();
        assertThat(SchemaCheck.problems(SensorKind.ACCELERATIONS, allNan)).isEmpty();
    }

    /**
     * DuckDB and Spark write a UUID column as 16 bytes of Parquet's UUID type, published in the canonical
     * 8-4-4-4-12 form (a ride key too: it is text all the same); bytes typed ENUM (Avro's enums) or JSON are text.
     * Before, each was a wrong type.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void uuidEnumAndJsonColumnsAreText(boolean dictionary) throws IOException {
        var typed = TestParquet.edited(TestParquet.BDD_LOCATIONS,
                "optional binary uuid (STRING)", "optional fixed_len_byte_array(16) uuid (UUID)",
                "optional binary ride_id (STRING)", "optional fixed_len_byte_array(16) ride_id (UUID)",
                "optional binary geohash (STRING)", "optional binary geohash (ENUM)",
                "optional binary id (STRING)", "optional binary id (JSON)");
        UUID car = UUID.fromString("19b9aa10-5886-46b3-bf22-c9b4865a7995");
        UUID ride = UUID.fromString("c9a2b46c-9aa5-15b6-32ed-dc45c4868482");
        Map<String, Object> row = location("r", 1.0, 3);
        row.putAll(Map.of("uuid", bytes(car), "ride_id", bytes(ride), "geohash", "dr5ruuwscttz", "id", "{\"n\":1}"));
        Path file = dir.resolve("locations/t=000.0/car.parquet");
        TestParquet.write(file, typed, dictionary, row, new HashMap<>(row));

        List<SensorReading> rows = ParquetRows.read(SensorKind.LOCATIONS, file, new RowSkips());

        assertThat(rows).hasSize(2).allSatisfy(r -> {
            assertThat(r.uuid()).isEqualTo("19b9aa10-5886-46b3-bf22-c9b4865a7995");
            assertThat(r.rideId()).isEqualTo("c9a2b46c-9aa5-15b6-32ed-dc45c4868482");
            assertThat(((LocationFix) r).geohash()).isEqualTo("dr5ruuwscttz");
            assertThat(r.id()).isEqualTo("{\"n\":1}");
        });
        assertThat(SchemaCheck.problems(SensorKind.LOCATIONS, typed)).isEmpty();
        // 16 bytes without the UUID type are not known to be one
        assertThat(SchemaCheck.problems(SensorKind.LOCATIONS, TestParquet.edited(typed, " uuid (UUID)", " uuid")))
                .containsExactly("column 'uuid' is optional fixed_len_byte_array(16), expected string");
    }

    /**
     * A CSV-to-Parquet conversion writes a missing ride id as "" (or spaces): such a row has no ride's key, and the app
     * dead-letters it ("missing ride_id"). It is left out and counted as a null one is; before, it was published with an
     * empty key and counted as published. A blank uuid is no key and is published as it is.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aBlankRideIdIsARowLeftOutAndCounted(boolean dictionary) throws IOException {
        Map<String, Object> empty = location("r", 1.0, 3);
        empty.put("ride_id", "");
        Map<String, Object> spaces = location("r", 2.0, 3);
        spaces.put("ride_id", " \t ");
        Map<String, Object> blankUuid = location("r", 3.0, 3);
        blankUuid.put("uuid", "");
        Path locations = dir.resolve("locations/t=000.0/car.parquet");
        TestParquet.write(locations, TestParquet.BDD_LOCATIONS, dictionary, location("r", 0.5, 3), empty, spaces,
                blankUuid);
        Map<String, Object> emptySample = acceleration("r", 1.0);
        emptySample.put("ride_id", "");
        Path accelerations = dir.resolve("accelerations/t=000.0/car.parquet");
        TestParquet.write(accelerations, TestParquet.BDD_ACCELERATIONS, dictionary, acceleration("r", 0.5),
                emptySample);
        RowSkips skips = new RowSkips();

        List<SensorReading> fixes = ParquetRows.read(SensorKind.LOCATIONS, locations, skips);
        List<SensorReading> samples = ParquetRows.read(SensorKind.ACCELERATIONS, accelerations, skips);

        assertThat(fixes).extracting(SensorReading::offset).containsExactly(0.5, 3.0);
        assertThat(fixes).extracting(SensorReading::uuid).containsExactly("u-r", "");
        assertThat(samples).extracting(SensorReading::offset).containsExactly(0.5);
        assertThat(skips.byReason()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "locations: blank ride_id", 2L,
                "accelerations: blank ride_id", 1L));
    }

    private static Binary bytes(UUID uuid) {
        ByteBuffer buffer = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits());
        return Binary.fromConstantByteArray(buffer.array());
    }
}
