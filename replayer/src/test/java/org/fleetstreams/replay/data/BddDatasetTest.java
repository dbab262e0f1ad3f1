package org.fleetstreams.replay.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fleetstreams.replay.data.TestParquet.acceleration;
import static org.fleetstreams.replay.data.TestParquet.location;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageTypeParser;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.replay.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BddDatasetTest {

    @TempDir
    Path dir;

    @Test
    void realDataHasTheMeasuredShape() {
        BddDataset data = BddDataset.open(TestData.bdd());

        assertThat(data.rowCount(SensorKind.LOCATIONS)).isEqualTo(TestData.LOCATION_ROWS);
        assertThat(data.rowCount(SensorKind.ACCELERATIONS)).isEqualTo(TestData.ACCELERATION_ROWS);
        assertThat(data.files(SensorKind.LOCATIONS).stream().map(DataFile::partitionSeconds).distinct()).hasSize(34);
        assertThat(data.minPartitionSeconds()).isEqualTo(0.0);
        // Measured from the rows themselves: offsets run 0.822 .. 122.470 s; the last folder is t=121.4.
        assertThat(data.maxPartitionSeconds()).isEqualTo(121.4);
        assertThat(data.minOffset()).isBetween(0.82, 0.83);
        assertThat(data.maxOffset()).isBetween(122.46, 122.48);
        // Rows can sit below their folder's tick (measured: up to 45 ms), never at or past the next tick.
        assertThat(data.files()).allSatisfy(f -> assertThat(f.minOffset()).isGreaterThan(f.partitionSeconds() - 0.1));
    }

    @Test
    void readsEveryRealRowWithNothingSkipped() {
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

        assertThat(locations).isEqualTo(TestData.LOCATION_ROWS);
        assertThat(skips.total()).isZero();
        assertThat(unknownSpeed).as("speed -1 rows are kept, not skipped").isPositive();
    }

    @Test
    void missingDataDirIsAClearError() {
        assertThatThrownBy(() -> BddDataset.open(dir.resolve("nope")))
                .isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining("nope").hasMessageContaining("does not exist");
    }

    @Test
    void emptyDataDirNamesBothMissingFolders() {
        assertThatThrownBy(() -> BddDataset.open(dir))
                .isInstanceOf(InvalidDatasetException.class)
                .satisfies(e -> assertThat(((InvalidDatasetException) e).problems()).hasSize(2))
                .hasMessageContaining("no 'locations' folder").hasMessageContaining("no 'accelerations' folder");
    }

    /** A GPS-only fleet is a data set: the locations are read, there are no accelerations (a warning says so). */
    @Test
    void locationsAloneAreADataSet() throws IOException {
        TestParquet.write(dir.resolve("locations/t=000.0/car.parquet"), TestParquet.BDD_LOCATIONS, location("r", 0.5, 3));

        BddDataset data = BddDataset.open(dir);
        assertThat(data.rowCount(SensorKind.LOCATIONS)).isEqualTo(1);
        assertThat(data.files(SensorKind.ACCELERATIONS)).isEmpty();
    }

    /** So is an accelerometer-only one, whose locations folder holds no Parquet file. */
    @Test
    void accelerationsAloneAreADataSet() throws IOException {
        Files.createDirectories(dir.resolve("locations/t=000.0"));
        TestParquet.write(dir.resolve("accelerations/t=000.0/car.parquet"), TestParquet.BDD_ACCELERATIONS,
                acceleration("r", 1.0));

        BddDataset data = BddDataset.open(dir);
        assertThat(data.rowCount(SensorKind.ACCELERATIONS)).isEqualTo(1);
        assertThat(data.files(SensorKind.LOCATIONS)).isEmpty();
    }

    @Test
    void kindFoldersWithoutAnyParquetFileAreAnError() throws IOException {
        Files.createDirectories(dir.resolve("locations/t=000.0"));
        Files.createDirectories(dir.resolve("accelerations"));

        assertThatThrownBy(() -> BddDataset.open(dir))
                .satisfies(e -> assertThat(((InvalidDatasetException) e).problems()).hasSize(2))
                .hasMessageContaining("no Parquet files under " + dir.resolve("locations"))
                .hasMessageContaining("no Parquet files under " + dir.resolve("accelerations"));
    }

    /** One kind missing does not hide the other kind's problems. */
    @Test
    void aBrokenKindBesideAMissingOneIsStillAnError() throws IOException {
        TestParquet.write(dir.resolve("locations/t=abc/car.parquet"), TestParquet.BDD_LOCATIONS, location("r", 0.5, 3));

        assertThatThrownBy(() -> BddDataset.open(dir)).hasMessageContaining("t=abc")
                .hasMessageContaining("no 'accelerations' folder");
    }

    @Test
    void unparsablePartitionFolderIsAnErrorNamingIt() throws IOException {
        writeValidDataset();
        TestParquet.write(dir.resolve("accelerations/t=abc/car.parquet"), TestParquet.BDD_ACCELERATIONS,
                acceleration("r", 1.0));

        assertThatThrownBy(() -> BddDataset.open(dir))
                .hasMessageContaining("t=abc").hasMessageContaining("does not parse");
    }

    @Test
    void partitionFolderNamesAreReadAsAnyWriterPrintsTheSeconds() throws IOException {
        // configure: t=5 (an integer), t=.5 and t=1e-05 (Python's str() of small floats), T=7.0 (another case)
        writeValidDataset();
        for (String name : List.of("t=5", "t=.5", "t=1e-05", "T=7.0")) {
            TestParquet.write(dir.resolve("accelerations/" + name + "/car.parquet"), TestParquet.BDD_ACCELERATIONS,
                    acceleration("r", Double.parseDouble(name.substring(2)) + 0.01));
        }

        BddDataset dataset = BddDataset.open(dir);

        assertThat(dataset.files()).extracting(DataFile::partitionSeconds)
                .containsExactlyInAnyOrder(0.0, 0.0, 5.0, 0.5, 1e-05, 7.0);
    }

    @Test
    void aPartitionFolderWhoseSecondsAreNotFiniteIsAnError() throws IOException {
        writeValidDataset();
        TestParquet.write(dir.resolve("accelerations/t=1e999/car.parquet"), TestParquet.BDD_ACCELERATIONS,
                acceleration("r", 1.0));

        assertThatThrownBy(() -> BddDataset.open(dir)).hasMessageContaining("t=1e999").hasMessageContaining("does not parse");
    }

    @Test
    void sparkMarkerFilesAndForeignFoldersAreIgnored() throws IOException {
        writeValidDataset();
        Files.writeString(dir.resolve("locations/_SUCCESS"), "");
        Files.writeString(dir.resolve("locations/t=000.0/.car.parquet.crc"), "crc");
        Files.createDirectories(dir.resolve("locations/notes"));

        assertThat(BddDataset.open(dir).files()).hasSize(2);
    }

    @Test
    void aFolderOfParquetFilesBesideThePartitionsIsAnErrorNotSkipped() throws IOException {
        // another writer's partitioning (date=..., ride=...): its rows would otherwise be left out of the replay
        writeValidDataset();
        Path other = dir.resolve("locations/date=2017-08-01");
        Files.createDirectories(other);
        Files.copy(dir.resolve("locations/t=000.0/car.parquet"), other.resolve("car.parquet"));

        assertThatThrownBy(() -> BddDataset.open(dir))
                .hasMessageContaining(other.toString()).hasMessageContaining("not a t=<seconds> partition");
    }

    /**
     * Spark writes one car's rows to {@code t=000.0/car.parquet/} as a folder of part files beside its
     * {@code _SUCCESS}: they are read, with the partition's time, at any depth. Before, such a folder was an error.
     */
    @Test
    void parquetFilesInAFolderInsideAPartitionAreRead() throws IOException {
        writeValidDataset();
        Path spark = dir.resolve("locations/t=000.0/b.parquet");
        TestParquet.write(spark.resolve("part-00000-1.snappy.parquet"), TestParquet.BDD_LOCATIONS, location("b", 0.5, 3));
        TestParquet.write(spark.resolve("deeper/part-00001-1.snappy.parquet"), TestParquet.BDD_LOCATIONS,
                location("b", 0.7, 3));
        Files.writeString(spark.resolve("_SUCCESS"), "");

        BddDataset data = BddDataset.open(dir);

        assertThat(data.files(SensorKind.LOCATIONS)).filteredOn(f -> f.path().startsWith(spark)).hasSize(2)
                .allSatisfy(f -> assertThat(f.partitionSeconds()).isZero());
        assertThat(data.rowCount(SensorKind.LOCATIONS)).isEqualTo(3);
    }

    /**
     * Links that would read rows twice (a folder linking to itself, or to another partition) and a t= folder inside a
     * partition (two times for its rows) are errors naming them, not rows published twice or at the wrong time.
     */
    @Test
    void foldersReachedTwiceOrWithTwoTimesAreErrors() throws IOException {
        writeValidDataset();
        TestParquet.write(dir.resolve("locations/t=001.0/car.parquet"), TestParquet.BDD_LOCATIONS, location("r", 1.5, 3));
        Path self = Files.createSymbolicLink(dir.resolve("locations/t=000.0/self"), Path.of("."));
        Path sibling = Files.createSymbolicLink(dir.resolve("accelerations/t=000.0/more"), Path.of("..", "t=001.0"));
        TestParquet.write(dir.resolve("accelerations/t=001.0/car.parquet"), TestParquet.BDD_ACCELERATIONS,
                acceleration("r", 1.5));
        Path nested = dir.resolve("locations/t=001.0/t=005.0");
        TestParquet.write(nested.resolve("car.parquet"), TestParquet.BDD_LOCATIONS, location("r", 5.5, 3));

        assertThatThrownBy(() -> BddDataset.open(dir))
                .hasMessageContaining(self + ": reached a second time")
                .hasMessageContaining("reached a second time (a link").hasMessageContaining("t=001.0")
                .hasMessageContaining(nested + ": a t=<seconds> folder inside a partition folder")
                .satisfies(e -> assertThat(((InvalidDatasetException) e).problems()).hasSize(3));
        assertThat(sibling).isSymbolicLink();
    }

    @Test
    void anUpperCaseParquetExtensionIsRead() throws IOException {
        writeValidDataset();
        Files.copy(dir.resolve("locations/t=000.0/car.parquet"), dir.resolve("locations/t=000.0/OTHER.PARQUET"));

        assertThat(BddDataset.open(dir).files()).hasSize(3);
    }

    @Test
    void aCodecThisJarCannotReadIsNamedBeforeAnythingIsPublished() {
        CompressionCodecFactory factory = ParquetReadOptions.builder(new PlainParquetConfiguration()).build()
                .getCodecFactory();

        assertThat(ParquetFooter.codecProblem(CompressionCodecName.BROTLI, factory))
                .contains("compressed with BROTLI").contains("cannot read");
        for (CompressionCodecName readable : List.of(CompressionCodecName.UNCOMPRESSED, CompressionCodecName.SNAPPY,
                CompressionCodecName.GZIP, CompressionCodecName.ZSTD, CompressionCodecName.LZ4, CompressionCodecName.LZ4_RAW)) {
            assertThat(ParquetFooter.codecProblem(readable, factory)).as(readable.name()).isNull();
        }
    }

    @Test
    void truncatedParquetFileIsAnErrorNamingIt() throws IOException {
        writeValidDataset();
        Path file = dir.resolve("locations/t=000.0/car.parquet");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> BddDataset.open(dir))
                .hasMessageContaining(file.toString()).hasMessageContaining("not a readable Parquet file");
    }

    @Test
    void nonParquetFileIsAnErrorNamingIt() throws IOException {
        writeValidDataset();
        Path file = dir.resolve("accelerations/t=000.0/notes.parquet");
        Files.writeString(file, "ride_id,offset\nr,1.0\n");

        assertThatThrownBy(() -> BddDataset.open(dir))
                .hasMessageContaining(file.toString()).hasMessageContaining("not a readable Parquet file");
    }

    @Test
    void schemaWithoutARequiredColumnIsAnError() throws IOException {
        writeValidDataset();
        var noZ = MessageTypeParser.parseMessageType("""
                message schema { optional binary id (STRING); optional binary ride_id (STRING);
                  optional binary uuid (STRING); optional double offset; optional double x; optional double y; }""");
        Path file = dir.resolve("accelerations/t=000.0/noz.parquet");
        TestParquet.write(file, noZ, Map.of("ride_id", "r", "offset", 1.0, "x", 0.1, "y", 0.2));

        assertThatThrownBy(() -> BddDataset.open(dir))
                .hasMessageContaining(file.toString()).hasMessageContaining("missing required column 'z'");
    }

    @Test
    void aFileWithoutIdUuidOrGeohashIsReadWithThoseFieldsNull() throws IOException {
        // configure: a writer that dropped the columns that may be null (the JSON carries them as null)
        writeValidDataset();
        var lean = MessageTypeParser.parseMessageType("""
                message schema { optional binary ride_id (STRING); optional double offset; optional double course;
                  optional double latitude; optional double longitude; optional double speed; optional double accuracy; }""");
        Map<String, Object> row = location("lean", 1.0, 4.0);
        row.keySet().retainAll(List.of("ride_id", "offset", "course", "latitude", "longitude", "speed", "accuracy"));
        Path file = dir.resolve("locations/t=000.0/lean.parquet");
        TestParquet.write(file, lean, row);
        RowSkips skips = new RowSkips();

        assertThat(BddDataset.open(dir).files()).hasSize(3);
        List<SensorReading> rows = ParquetRows.read(SensorKind.LOCATIONS, file, skips);

        assertThat(rows).hasSize(1);
        LocationFix fix = (LocationFix) rows.get(0);
        assertThat(fix.rideId()).isEqualTo("lean");
        assertThat(fix.speed()).isEqualTo(4.0);
        assertThat(fix.id()).isNull();
        assertThat(fix.uuid()).isNull();
        assertThat(fix.geohash()).isNull();
        assertThat(skips.byReason()).isEmpty();
        assertThat(SchemaCheck.absent(SensorKind.LOCATIONS, lean)).containsExactly("id", "uuid", "geohash");
    }

    /**
     * A writer that dropped a fix's all-null course, speed and accuracy: the fix is published with them unknown (−1),
     * as a null in each would be, and counted as unknowns; before, the whole data set was refused.
     */
    @Test
    void aFileWithoutCourseSpeedOrAccuracyIsReadWithThemUnknown() throws IOException {
        writeValidDataset();
        var bare = MessageTypeParser.parseMessageType("""
                message schema { optional binary ride_id (STRING); optional double offset;
                  optional double latitude; optional double longitude; }""");
        Map<String, Object> row = location("bare", 1.0, 4.0);
        row.keySet().retainAll(List.of("ride_id", "offset", "latitude", "longitude"));
        Path file = dir.resolve("locations/t=000.0/bare.parquet");
        TestParquet.write(file, bare, row);
        RowSkips skips = new RowSkips();

        assertThat(BddDataset.open(dir).files()).hasSize(3);
        List<SensorReading> rows = ParquetRows.read(SensorKind.LOCATIONS, file, skips);

        LocationFix fix = (LocationFix) rows.get(0);
        assertThat(List.of(fix.course(), fix.speed(), fix.accuracy())).containsOnly(-1.0);
        assertThat(fix.latitude()).isEqualTo((Double) row.get("latitude"));
        assertThat(SchemaCheck.absent(SensorKind.LOCATIONS, bare))
                .containsExactlyInAnyOrder("course", "speed", "accuracy", "id", "uuid", "geohash");
    }

    /** Without a position there is no fix: latitude stays required (and x, y, z for a sample). */
    @Test
    void aFileWithoutLatitudeIsAnError() throws IOException {
        writeValidDataset();
        var noLatitude = MessageTypeParser.parseMessageType(TestParquet.BDD_LOCATIONS.toString()
                .replace("optional double latitude;", ""));
        Path file = dir.resolve("locations/t=000.0/nolat.parquet");
        TestParquet.write(file, noLatitude, Map.of("ride_id", "r", "offset", 1.0));

        assertThatThrownBy(() -> BddDataset.open(dir))
                .hasMessageContaining(file.toString()).hasMessageContaining("missing required column 'latitude'");
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
        Map<String, Object> row = new java.util.HashMap<>(Map.of("ride_id", "d", "offset", 1_500L, "course", 90.0,
                "latitude", 40_762_870, "longitude", -73_961_948L,
                "speed", org.apache.parquet.io.api.Binary.fromConstantByteArray(new byte[] {0, 0, 0x04, (byte) 0xD2}),
                "accuracy", org.apache.parquet.io.api.Binary.fromConstantByteArray(new byte[] {0x64})));
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

    /** A file without rows (a writer's empty part) in an outlying folder does not move the data's time range. */
    @Test
    void anEmptyFileDoesNotMoveTheTimeRange() throws IOException {
        TestParquet.write(dir.resolve("locations/t=010.0/car.parquet"), TestParquet.BDD_LOCATIONS, location("r", 10.5, 3));
        TestParquet.write(dir.resolve("accelerations/t=010.0/car.parquet"), TestParquet.BDD_ACCELERATIONS,
                acceleration("r", 10.25));
        TestParquet.write(dir.resolve("accelerations/t=-5.0/empty.parquet"), TestParquet.BDD_ACCELERATIONS);
        TestParquet.write(dir.resolve("locations/t=500.0/empty.parquet"), TestParquet.BDD_LOCATIONS);

        BddDataset data = BddDataset.open(dir);

        assertThat(data.files()).hasSize(4);
        assertThat(data.minOffset()).isEqualTo(10.25);
        assertThat(data.maxOffset()).isEqualTo(10.5);
        assertThat(data.minPartitionSeconds()).isEqualTo(10.0);
        assertThat(data.maxPartitionSeconds()).isEqualTo(10.0);
    }

    @Test
    void aFileWithoutRideIdIsAnError() throws IOException {
        writeValidDataset();
        var noRide = MessageTypeParser.parseMessageType(TestParquet.BDD_ACCELERATIONS.toString()
                .replace("optional binary ride_id (STRING);", ""));
        Path file = dir.resolve("accelerations/t=000.0/noride.parquet");
        TestParquet.write(file, noRide, Map.of("offset", 1.0, "x", 0.1, "y", 0.2, "z", 0.3));

        assertThatThrownBy(() -> BddDataset.open(dir))
                .hasMessageContaining(file.toString()).hasMessageContaining("missing required column 'ride_id'");
    }

    @Test
    void schemaWithAWrongTypeIsAnError() throws IOException {
        writeValidDataset();
        var textSpeed = MessageTypeParser.parseMessageType(TestParquet.BDD_LOCATIONS.toString()
                .replace("optional double speed", "optional binary speed (STRING)"));
        Path file = dir.resolve("locations/t=000.0/bad.parquet");
        TestParquet.write(file, textSpeed, Map.of("ride_id", "r", "offset", 1.0, "speed", "fast"));

        assertThatThrownBy(() -> BddDataset.open(dir))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("column 'speed' is optional binary (STRING), expected double");
    }

    @Test
    void integerNumbersIntegerIdsAndAllNullColumnsAreRead() throws IOException {
        // What pandas / pyarrow make of the same data: whole-second offsets and speeds as int64, a numeric id, and
        // an id column typed "null" because the ride has none (the BDD export has 11 such rides).
        var loose = MessageTypeParser.parseMessageType(TestParquet.BDD_LOCATIONS.toString()
                .replace("optional double offset", "optional int64 offset")
                .replace("optional double speed", "optional int32 speed")
                .replace("optional binary ride_id (STRING)", "optional int64 ride_id")
                .replace("optional binary id (STRING)", "optional int32 id (UNKNOWN)"));
        Map<String, Object> first = location("r", 0, 3);
        first.put("offset", 4L);
        first.put("speed", 7);
        first.put("ride_id", 42L);
        first.remove("id");
        Map<String, Object> second = new java.util.HashMap<>(first);
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
    void floatColumnsArePublishedAsTheirShortestDecimalNotWidened() throws IOException {
        // A writer that stored the numbers as float32: 0.1f widened to a double is 0.10000000149011612, which is not
        // the value the data means and not what Spark or pandas print for it.
        var narrow = MessageTypeParser.parseMessageType(TestParquet.BDD_LOCATIONS.toString()
                .replace("optional double offset", "optional float offset")
                .replace("optional double speed", "optional float speed")
                .replace("optional double latitude", "optional float latitude"));
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
        var narrow = MessageTypeParser.parseMessageType(TestParquet.BDD_LOCATIONS.toString()
                .replace("optional double offset", "optional float offset"));
        Map<String, Object> first = location("r", 0, 3);
        first.put("offset", 7.8f);
        Map<String, Object> last = location("r", 0, 3);
        last.put("offset", 121.4f);
        TestParquet.write(dir.resolve("locations/t=000.0/car.parquet"), narrow, first, last);
        TestParquet.write(dir.resolve("accelerations/t=000.0/car.parquet"), TestParquet.BDD_ACCELERATIONS,
                acceleration("r", 0.3), acceleration("r", 121.4));

        BddDataset dataset = BddDataset.open(dir);
        List<Double> offsets = new java.util.ArrayList<>();
        try (var schedule = new org.fleetstreams.replay.schedule.ReplaySchedule(dataset,
                org.fleetstreams.replay.schedule.ClockMode.OFFSET, 1_700_000_000_000L, 1, 10_000, new RowSkips())) {
            schedule.forEachRemaining(s -> offsets.add(s.reading().offset()));
        }

        assertThat(dataset.maxOffset()).isEqualTo(121.4);
        assertThat(offsets).containsExactly(0.3, 7.8, 121.4, 121.4);
    }

    @Test
    void columnNamesMatchWithoutRegardToCaseAsInSpark() throws IOException {
        var upper = MessageTypeParser.parseMessageType(TestParquet.BDD_LOCATIONS.toString()
                .replace(" offset;", " Offset;").replace(" ride_id ", " RIDE_ID ").replace(" speed;", " Speed;"));
        Path file = dir.resolve("locations/t=000.0/car.parquet");
        Map<String, Object> row = location("r", 2.5, 3.0);
        row.put("Offset", row.remove("offset"));
        row.put("RIDE_ID", row.remove("ride_id"));
        row.put("Speed", row.remove("speed"));
        TestParquet.write(file, upper, row);
        TestParquet.write(dir.resolve("accelerations/t=000.0/car.parquet"), TestParquet.BDD_ACCELERATIONS,
                acceleration("r", 0.02));

        BddDataset dataset = BddDataset.open(dir);
        List<SensorReading> rows = ParquetRows.read(SensorKind.LOCATIONS, file, new RowSkips());

        assertThat(dataset.maxOffset()).isEqualTo(2.5);
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.rideId()).isEqualTo("r");
            assertThat(r.offset()).isEqualTo(2.5);
            assertThat(((LocationFix) r).speed()).isEqualTo(3.0);
        });
    }

    @Test
    void twoColumnsThatDifferOnlyByCaseAreRefused() {
        var twice = MessageTypeParser.parseMessageType(TestParquet.BDD_LOCATIONS.toString()
                .replace("optional double speed;", "optional double speed; optional double SPEED;"));

        assertThat(SchemaCheck.problems(SensorKind.LOCATIONS, twice))
                .containsExactly("columns 'speed' and 'SPEED' differ only by case: which one is 'speed'?");
    }

    @Test
    void partFilesWithoutAParquetNameAreReadOtherFilesAreNot() throws IOException {
        // Hive / Spark part files have no extension; Spark reads them, so must the replayer
        TestParquet.write(dir.resolve("locations/t=000.0/000000_0"), TestParquet.BDD_LOCATIONS, location("r", 0.5, 3.0));
        TestParquet.write(dir.resolve("accelerations/t=000.0/part-00000-c000"), TestParquet.BDD_ACCELERATIONS,
                acceleration("r", 0.02), acceleration("r", 0.04));
        Files.writeString(dir.resolve("locations/t=000.0/README.txt"), "not data");

        BddDataset dataset = BddDataset.open(dir);

        assertThat(dataset.files()).hasSize(2);
        assertThat(dataset.files().stream().mapToLong(DataFile::rowCount).sum()).isEqualTo(3);
    }

    @Test
    void aTimestampIsNotTakenForANumber() {
        var timestamp = MessageTypeParser.parseMessageType(TestParquet.BDD_LOCATIONS.toString()
                .replace("optional double offset", "optional int64 offset (TIMESTAMP(MICROS,true))"));

        assertThat(SchemaCheck.problems(SensorKind.LOCATIONS, timestamp))
                .containsExactly("column 'offset' is optional int64 (TIMESTAMP(MICROS,true)), expected double");
    }

    @Test
    void everyProblemIsReportedAtOnce() throws IOException {
        writeValidDataset();
        Files.writeString(dir.resolve("accelerations/t=000.0/a.parquet"), "junk");
        Files.writeString(dir.resolve("locations/t=000.0/b.parquet"), "junk");

        assertThatThrownBy(() -> BddDataset.open(dir))
                .satisfies(e -> assertThat(((InvalidDatasetException) e).problems()).hasSize(2));
    }

    @Test
    void badRowsAreSkippedAndCountedPerReason() throws IOException {
        Map<String, Object> nullRide = location("r", 1.0, 3);
        nullRide.remove("ride_id");
        Map<String, Object> nanLatitude = location("r", 2.0, 3);
        nanLatitude.put("latitude", Double.NaN);
        Map<String, Object> infiniteSpeed = location("r", 3.0, 3);
        infiniteSpeed.put("speed", Double.POSITIVE_INFINITY);
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
                infiniteSpeed, nullCourse, nullId, nullSpeedAndAccuracy, nullLongitude);
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
                "locations: non-finite speed", 1L,
                "locations: null longitude", 1L));
        assertThat(skips.unknownsByColumn()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "locations: course", 1L,
                "locations: speed", 1L,
                "locations: accuracy", 1L));
    }

    private void writeValidDataset() throws IOException {
        TestParquet.write(dir.resolve("locations/t=000.0/car.parquet"), TestParquet.BDD_LOCATIONS,
                location("r", 0.5, 3.0));
        TestParquet.write(dir.resolve("accelerations/t=000.0/car.parquet"), TestParquet.BDD_ACCELERATIONS,
                acceleration("r", 0.02), acceleration("r", 0.04));
    }
}
