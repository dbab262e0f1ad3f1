package org.fleetstreams.replay.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.replay.data.TestParquet.acceleration;
import static org.fleetstreams.replay.data.TestParquet.location;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageTypeParser;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.replay.TestData;
import org.fleetstreams.replay.schedule.ClockMode;
import org.fleetstreams.replay.schedule.ReplaySchedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rows read: every real row, numbers stored as int, float or DECIMAL, and bad rows skipped and counted. */
class BddDatasetRowsTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryRealRowOfBothKindsWithNothingSkipped() {
        BddDataset data = BddDataset.open(TestData.bdd());
        RowSkips skips = new RowSkips();

        long locations = 0;
        long unknownSpeed = 0;
        for (DataFile f : data.files(SensorKind.LOCATIONS)) {
            for (SensorReading r : ParquetRows.read(f.kind(), f.path(), skips)) {
                locations++;
                unknownSpeed += ((LocationFix) r).hasValidSpeed() ? 0 : 1;
            }
        }

        long accelerations = 0;
        for (DataFile f : data.files(SensorKind.ACCELERATIONS)) {
            accelerations += ParquetRows.read(f.kind(), f.path(), skips).size();
        }

        assertThat(locations).isEqualTo(TestData.LOCATION_ROWS);
        assertThat(accelerations).isEqualTo(TestData.ACCELERATION_ROWS);
        assertThat(skips.total()).isZero();
        assertThat(unknownSpeed).as("speed -1 rows are kept, not skipped").isPositive();
    }

    /**
     * DECIMAL numbers (what DuckDB and Spark SQL make of literals such as 40.762870), held in each way Parquet allows:
     * read as their values, the offset's range from the rows (a DECIMAL's statistics are unscaled).
     */
    @Test
    void decimalNumbersAreReadAsTheirValues() throws IOException {
        var decimals = MessageTypeParser.parseMessageType("""
                message schema { optional binary ride_id (STRING); optional int64 offset (DECIMAL(12,3));
                  optional double course; optional int32 latitude (DECIMAL(9,6)); optional int64 longitude (DECIMAL(10,6));
                  optional fixed_len_byte_array(4) speed (DECIMAL(8,2)); optional binary accuracy (DECIMAL(5,1)); }""");
        Path file = dir.resolve("locations/t=000.0/decimal.parquet");
        Map<String, Object> row = new HashMap<>(Map.of("ride_id", "d", "offset", 1_500L, "course", 90.0,
                "latitude", 40_762_870, "longitude", -73_961_948L,
                "speed", Binary.fromConstantByteArray(new byte[] {0, 0, 0x04, (byte) 0xD2}),
                "accuracy", Binary.fromConstantByteArray(new byte[] {0x64})));
        TestParquet.write(file, decimals, row);
        TestParquet.write(dir.resolve("accelerations/t=000.0/car.parquet"), TestParquet.BDD_ACCELERATIONS, acceleration("d", 1.0));

        BddDataset data = BddDataset.open(dir);
        List<SensorReading> rows = ParquetRows.read(SensorKind.LOCATIONS, file, new RowSkips());

        LocationFix fix = (LocationFix) rows.get(0);
        assertThat(fix.offset()).isEqualTo(1.5);
        assertThat(fix.latitude()).isEqualTo(40.76287);
        assertThat(fix.longitude()).isEqualTo(-73.961948);
        assertThat(fix.speed()).isEqualTo(12.34);
        assertThat(fix.accuracy()).isEqualTo(10.0);
        assertThat(data.files(SensorKind.LOCATIONS).get(0).minOffset()).isEqualTo(1.5);
        assertThat(data.files(SensorKind.LOCATIONS).get(0).maxOffset()).isEqualTo(1.5);
    }

    @Test
    void integerNumbersIntegerIdsAndAllNullColumnsAreRead() throws IOException {
        // What pandas / pyarrow make of the same data: whole-second offsets and speeds as int64, a numeric id, and
        // an id column typed "null" because the ride has none (the BDD export has 11 such rides).
        var loose = TestParquet.edited(TestParquet.BDD_LOCATIONS,
                "optional double offset", "optional int64 offset",
                "optional double speed", "optional int32 speed",
                "optional binary ride_id (STRING)", "optional int64 ride_id",
                "optional binary id (STRING)", "optional int32 id (UNKNOWN)");
        Map<String, Object> first = location("r", 0, 3);
        first.put("offset", 4L);
        first.put("speed", 7);
        first.put("ride_id", 42L);
        first.remove("id");
        Map<String, Object> second = new HashMap<>(first);
        second.put("offset", 5L);
        second.put("speed", -1);
        Path file = dir.resolve("locations/t=000.0/car.parquet");
        TestParquet.write(file, loose, first, second);
        RowSkips skips = new RowSkips();

        List<SensorReading> rows = ParquetRows.read(SensorKind.LOCATIONS, file, skips);

        assertThat(rows).extracting(SensorReading::offset).containsExactly(4.0, 5.0);
        assertThat(rows).extracting(r -> ((LocationFix) r).speed()).containsExactly(7.0, -1.0);
        assertThat(rows).extracting(SensorReading::rideId).containsOnly("42");
        assertThat(rows).extracting(SensorReading::id).containsOnlyNulls();
        assertThat(skips.byReason()).isEmpty();
        assertThat(SchemaCheck.problems(SensorKind.LOCATIONS, loose)).isEmpty();
    }

    @Test
    void unsignedIntegerColumnsAreReadAsUnsigned() throws IOException {
        // pyarrow's uint32 and uint64 are stored in Parquet's signed int32 and int64: 4,294,967,295 is held as -1, and
        // read as signed it would be published as -1 without a word
        var unsigned = TestParquet.edited(TestParquet.BDD_LOCATIONS,
                "optional double accuracy", "optional int32 accuracy (INTEGER(32,false))",
                "optional binary ride_id (STRING)", "optional int64 ride_id (INTEGER(64,false))",
                "optional binary id (STRING)", "optional int32 id (INTEGER(32,false))");
        Map<String, Object> row = location("r", 0, 3);
        row.put("accuracy", -1); // 2^32 - 1
        row.put("ride_id", -2L); // 2^64 - 2
        row.put("id", 7);
        Path file = dir.resolve("locations/t=000.0/car.parquet");
        Path plain = dir.resolve("locations/t=000.0/plain.parquet");
        TestParquet.write(file, unsigned, row, new HashMap<>(row)); // ids through a dictionary
        TestParquet.writeWithoutDictionary(plain, unsigned, row, new HashMap<>(row)); // ids value by value

        List<SensorReading> rows = new ArrayList<>(ParquetRows.read(SensorKind.LOCATIONS, file, new RowSkips()));
        rows.addAll(ParquetRows.read(SensorKind.LOCATIONS, plain, new RowSkips()));

        assertThat(rows).hasSize(4);
        assertThat(rows).extracting(r -> ((LocationFix) r).accuracy()).containsOnly(4_294_967_295.0);
        assertThat(rows).extracting(SensorReading::rideId).containsOnly("18446744073709551614");
        assertThat(rows).extracting(SensorReading::id).containsOnly("7");
        assertThat(SchemaCheck.problems(SensorKind.LOCATIONS, unsigned)).isEmpty();
    }

    @Test
    void floatColumnsArePublishedAsTheirShortestDecimalNotWidened() throws IOException {
        // A writer that stored the numbers as float32: 0.1f widened to a double is 0.10000000149011612, which is not
        // the value the data means and not what Spark or pandas print for it.
        var narrow = TestParquet.edited(TestParquet.BDD_LOCATIONS,
                "optional double offset", "optional float offset",
                "optional double speed", "optional float speed",
                "optional double latitude", "optional float latitude");
        Map<String, Object> row = location("r", 0, 3);
        row.put("offset", 121.4f);
        row.put("speed", 0.1f);
        row.put("latitude", 40.7128f);
        Path file = dir.resolve("locations/t=000.0/car.parquet");
        TestParquet.write(file, narrow, row);

        List<SensorReading> rows = ParquetRows.read(SensorKind.LOCATIONS, file, new RowSkips());

        LocationFix fix = (LocationFix) rows.get(0);
        assertThat(fix.offset()).isEqualTo(121.4);
        assertThat(fix.speed()).isEqualTo(0.1);
        assertThat(fix.latitude()).isEqualTo(40.7128);
        assertThat((float) fix.speed()).isEqualTo(0.1f);
        assertThat(SchemaCheck.problems(SensorKind.LOCATIONS, narrow)).isEmpty();
    }

    @Test
    void floatOffsetsAreScheduledWithTheirFilesRange() throws IOException {
        // 121.4f is 121.40000152587890625 as a binary value; the footer's range and the rows must read it alike, or
        // the schedule takes the file's statistics for wrong and stops the replay
        var narrow = TestParquet.edited(TestParquet.BDD_LOCATIONS,
                "optional double offset", "optional float offset");
        Map<String, Object> first = location("r", 0, 3);
        first.put("offset", 7.8f);
        Map<String, Object> last = location("r", 0, 3);
        last.put("offset", 121.4f);
        TestParquet.write(dir.resolve("locations/t=000.0/car.parquet"), narrow, first, last);
        TestParquet.write(dir.resolve("accelerations/t=000.0/car.parquet"), TestParquet.BDD_ACCELERATIONS,
                acceleration("r", 0.3), acceleration("r", 121.4));

        BddDataset dataset = BddDataset.open(dir);
        List<Double> offsets = new ArrayList<>();
        try (var schedule = new ReplaySchedule(dataset,
                ClockMode.OFFSET, 1_700_000_000_000L, 1, 10_000, new RowSkips())) {
            schedule.forEachRemaining(s -> offsets.add(s.reading().offset()));
        }

        assertThat(dataset.maxOffset()).isEqualTo(121.4);
        assertThat(offsets).containsExactly(0.3, 7.8, 121.4, 121.4);
    }

    @Test
    void badRowsAreSkippedAndCountedPerReason() throws IOException {
        Map<String, Object> nullRide = location("r", 1.0, 3);
        nullRide.remove("ride_id");
        Map<String, Object> nanLatitude = location("r", 2.0, 3);
        nanLatitude.put("latitude", Double.NaN);
        Map<String, Object> infiniteOffset = location("r", 3.0, 3);
        infiniteOffset.put("offset", Double.POSITIVE_INFINITY);
        Map<String, Object> nullCourse = location("r", 4.0, 3);
        nullCourse.remove("course");
        Map<String, Object> nullId = location("r", 5.0, -1);
        nullId.remove("id");
        Map<String, Object> nullSpeedAndAccuracy = location("r", 6.0, 3);
        nullSpeedAndAccuracy.remove("speed");
        nullSpeedAndAccuracy.remove("accuracy");
        Map<String, Object> nullLongitude = location("r", 7.0, 3);
        nullLongitude.remove("longitude");
        Path file = dir.resolve("locations/t=000.0/car.parquet");
        TestParquet.write(file, TestParquet.BDD_LOCATIONS, location("r", 0.5, 3), nullRide, nanLatitude,
                infiniteOffset, nullCourse, nullId, nullSpeedAndAccuracy, nullLongitude);
        RowSkips skips = new RowSkips();

        List<SensorReading> rows = ParquetRows.read(SensorKind.LOCATIONS, file, skips);

        // a fix without a place is no fix; one without a course, speed or accuracy is, with that value unknown (-1,
        // as iOS and the BDD data write it)
        assertThat(rows).extracting(SensorReading::offset).containsExactly(0.5, 4.0, 5.0, 6.0);
        assertThat(((LocationFix) rows.get(1)).course()).isEqualTo(-1.0);
        assertThat(((LocationFix) rows.get(1)).speed()).isEqualTo(3.0);
        assertThat(rows.get(2).id()).as("a null id is kept").isNull();
        assertThat(((LocationFix) rows.get(3)).speed()).isEqualTo(-1.0);
        assertThat(((LocationFix) rows.get(3)).accuracy()).isEqualTo(-1.0);
        assertThat(((LocationFix) rows.get(3)).course()).isEqualTo(((LocationFix) rows.get(0)).course());
        assertThat(skips.byReason()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "locations: null ride_id", 1L,
                "locations: non-finite latitude", 1L,
                "locations: non-finite offset", 1L,
                "locations: null longitude", 1L));
        assertThat(skips.unknownsByColumn()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "locations: course", 1L,
                "locations: speed", 1L,
                "locations: accuracy", 1L));
    }

    /**
     * Polars, Spark and DuckDB write a missing float as NaN where pandas writes null. A fix's NaN or infinite course,
     * speed or accuracy is unknown as a null there is: published as −1 and counted with the unknowns, in a double or a
     * float column. Before, the whole fix was skipped ("non-finite speed") while a null cost nothing.
     */
    @Test
    void aNonFiniteCourseSpeedOrAccuracyIsUnknownAsANullIs() throws IOException {
        var polars = TestParquet.edited(TestParquet.BDD_LOCATIONS, "optional double speed", "optional float speed");
        Map<String, Object> nanSpeed = location("r", 1.0, 0);
        nanSpeed.put("speed", Float.NaN);
        Map<String, Object> nanCourse = location("r", 2.0, 0);
        nanCourse.put("speed", 4.5f);
        nanCourse.put("course", Double.NaN);
        Map<String, Object> infinities = location("r", 3.0, 0);
        infinities.put("speed", Float.POSITIVE_INFINITY);
        infinities.put("accuracy", Double.NEGATIVE_INFINITY);
        Path file = dir.resolve("locations/t=000.0/car.parquet");
        TestParquet.write(file, polars, nanSpeed, nanCourse, infinities);
        RowSkips skips = new RowSkips();

        List<SensorReading> rows = ParquetRows.read(SensorKind.LOCATIONS, file, skips);

        assertThat(rows).extracting(SensorReading::offset).containsExactly(1.0, 2.0, 3.0);
        assertThat(rows).extracting(r -> ((LocationFix) r).speed()).containsExactly(-1.0, 4.5, -1.0);
        assertThat(rows).extracting(r -> ((LocationFix) r).course()).containsExactly(90.0, -1.0, 90.0);
        assertThat(rows).extracting(r -> ((LocationFix) r).accuracy()).containsExactly(10.0, 10.0, -1.0);
        assertThat(rows).extracting(r -> ((LocationFix) r).latitude()).containsOnly(40.76);
        assertThat(skips.byReason()).isEmpty();
        assertThat(skips.unknownsByColumn()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "locations: speed", 2L,
                "locations: course", 1L,
                "locations: accuracy", 1L));
    }

    /**
     * Text whose bytes are not UTF-8 (a writer that stored raw bytes): decoded leniently, the ride ids FF 01 and FE 01
     * both became U+FFFD U+0001, one ride. Such a row is left out and counted, whether the column has a dictionary or not.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void textThatIsNotUtf8IsARowLeftOutAndCounted(boolean dictionary, @TempDir Path dir) throws IOException {
        Map<String, Object> first = location("r", 1.0, 3);
        first.put("ride_id", Binary.fromConstantByteArray(new byte[] {(byte) 0xFF, 0x01}));
        Map<String, Object> second = location("r", 2.0, 3);
        second.put("ride_id", Binary.fromConstantByteArray(new byte[] {(byte) 0xFE, 0x01}));
        Map<String, Object> badUuid = location("r", 3.0, 3);
        badUuid.put("uuid", Binary.fromConstantByteArray(new byte[] {'u', (byte) 0xC3}));
        Map<String, Object> accented = location("r", 4.0, 3);
        accented.put("ride_id", Binary.fromString("ré"));
        Path file = dir.resolve("locations/t=000.0/car.parquet");
        TestParquet.write(file, TestParquet.BDD_LOCATIONS, dictionary, location("r", 0.5, 3), first, second, badUuid,
                accented);
        RowSkips skips = new RowSkips();

        List<SensorReading> rows = ParquetRows.read(SensorKind.LOCATIONS, file, skips);

        assertThat(rows).extracting(SensorReading::rideId).containsExactly("r", "ré");
        assertThat(skips.byReason()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "locations: ride_id not UTF-8 text", 2L,
                "locations: uuid not UTF-8 text", 1L));
    }
}
