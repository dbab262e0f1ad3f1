package org.fleetstreams.replay.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fleetstreams.replay.data.BddDatasetFixtures.writeValidDataset;
import static org.fleetstreams.replay.data.TestParquet.acceleration;
import static org.fleetstreams.replay.data.TestParquet.location;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageTypeParser;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Each file's footer: a readable Parquet file and codec, the required columns, their types and names. */
class BddDatasetSchemaTest {

    @TempDir
    Path dir;

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
        writeValidDataset(dir);
        Path file = dir.resolve("locations/t=000.0/car.parquet");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> BddDataset.open(dir))
                .hasMessageContaining(file.toString()).hasMessageContaining("not a readable Parquet file");
    }

    /**
     * A zero-length file (a copy killed before its first byte, a {@code touch}) has no rows: it is skipped with a
     * warning naming it, as Spark skips it, where before it stopped the whole replay ("not a readable Parquet file").
     */
    @Test
    void aZeroByteFileIsSkippedWithAWarningNamingIt() throws IOException {
        writeValidDataset(dir);
        Path empty = Files.createFile(dir.resolve("locations/t=000.0/empty.parquet"));
        Path emptyPart = Files.createFile(dir.resolve("accelerations/t=000.0/part-00001.snappy.parquet"));
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        BddDataset data = openLogging(BddDataset.class, log);

        assertThat(data.files()).extracting(DataFile::path).doesNotContain(empty, emptyPart).hasSize(2);
        assertThat(log.list).filteredOn(e -> e.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
                .contains("skipping " + empty + ": an empty file (0 bytes) has no rows",
                        "skipping " + emptyPart + ": an empty file (0 bytes) has no rows");
    }

    /**
     * A Parquet file with no rows and no or only some of the columns (pandas' empty frame, a writer's empty part): no
     * row is lost, so it is skipped with a warning naming it, as a 0-byte file is; before, its missing columns stopped
     * the whole replay (exit 2). The same schema with a row is still an error.
     */
    @Test
    void aFileWithoutRowsOrTheColumnsIsSkippedWithAWarningNamingIt() throws IOException {
        writeValidDataset(dir);
        var rideIdOnly = MessageTypeParser.parseMessageType("message schema { optional binary ride_id (STRING); }");
        Path noColumns = dir.resolve("locations/t=000.0/part-00001.parquet");
        TestParquet.write(noColumns, rideIdOnly);
        Path wrongTypes = dir.resolve("accelerations/t=004.5/empty.parquet");
        TestParquet.write(wrongTypes, TestParquet.edited(TestParquet.BDD_ACCELERATIONS, "double x", "binary x (STRING)"));
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        BddDataset data = openLogging(ParquetFooter.class, log);

        assertThat(data.files()).extracting(DataFile::path).doesNotContain(noColumns, wrongTypes).hasSize(2);
        assertThat(log.list).filteredOn(e -> e.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).startsWith("skipping " + noColumns + ": a Parquet file with no rows")
                        .contains("missing required column 'offset'"))
                .anySatisfy(m -> assertThat(m).startsWith("skipping " + wrongTypes + ": a Parquet file with no rows")
                        .contains("column 'x'"));
        Files.delete(noColumns);
        TestParquet.write(noColumns, rideIdOnly, Map.of("ride_id", "r"));
        assertThatThrownBy(() -> BddDataset.open(dir))
                .hasMessageContaining(noColumns.toString()).hasMessageContaining("missing required column 'offset'");
    }

    @Test
    void nonParquetFileIsAnErrorNamingIt() throws IOException {
        writeValidDataset(dir);
        Path file = dir.resolve("accelerations/t=000.0/notes.parquet");
        Files.writeString(file, "ride_id,offset\nr,1.0\n");

        assertThatThrownBy(() -> BddDataset.open(dir))
                .hasMessageContaining(file.toString()).hasMessageContaining("not a readable Parquet file");
    }

    @Test
    void schemaWithoutARequiredColumnIsAnError() throws IOException {
        writeValidDataset(dir);
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
        writeValidDataset(dir);
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
        writeValidDataset(dir);
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
        writeValidDataset(dir);
        var noLatitude = TestParquet.edited(TestParquet.BDD_LOCATIONS,
                "optional double latitude;", "");
        Path file = dir.resolve("locations/t=000.0/nolat.parquet");
        TestParquet.write(file, noLatitude, Map.of("ride_id", "r", "offset", 1.0));

        assertThatThrownBy(() -> BddDataset.open(dir))
                .hasMessageContaining(file.toString()).hasMessageContaining("missing required column 'latitude'");
    }

    @Test
    void aFileWithoutRideIdIsAnError() throws IOException {
        writeValidDataset(dir);
        var noRide = TestParquet.edited(TestParquet.BDD_ACCELERATIONS,
                "optional binary ride_id (STRING);", "");
        Path file = dir.resolve("accelerations/t=000.0/noride.parquet");
        TestParquet.write(file, noRide, Map.of("offset", 1.0, "x", 0.1, "y", 0.2, "z", 0.3));

        assertThatThrownBy(() -> BddDataset.open(dir))
                .hasMessageContaining(file.toString()).hasMessageContaining("missing required column 'ride_id'");
    }

    @Test
    void schemaWithAWrongTypeIsAnError() throws IOException {
        writeValidDataset(dir);
        var textSpeed = TestParquet.edited(TestParquet.BDD_LOCATIONS,
                "optional double speed", "optional binary speed (STRING)");
        Path file = dir.resolve("locations/t=000.0/bad.parquet");
        TestParquet.write(file, textSpeed, Map.of("ride_id", "r", "offset", 1.0, "speed", "fast"));

        assertThatThrownBy(() -> BddDataset.open(dir))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("column 'speed' is optional binary (STRING), expected double");
    }

    @Test
    void columnNamesMatchWithoutRegardToCaseAsInSpark() throws IOException {
        var upper = TestParquet.edited(TestParquet.BDD_LOCATIONS,
                " offset;", " Offset;",
                " ride_id ", " RIDE_ID ",
                " speed;", " Speed;");
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
        var twice = TestParquet.edited(TestParquet.BDD_LOCATIONS,
                "optional double speed;", "optional double speed; optional double SPEED;");

        assertThat(SchemaCheck.problems(SensorKind.LOCATIONS, twice))
                .containsExactly("columns 'speed' and 'SPEED' differ only by case: which one is 'speed'?");
    }

    @Test
    void aTimestampIsNotTakenForANumber() {
        var timestamp = TestParquet.edited(TestParquet.BDD_LOCATIONS,
                "optional double offset", "optional int64 offset (TIMESTAMP(MICROS,true))");

        assertThat(SchemaCheck.problems(SensorKind.LOCATIONS, timestamp))
                .containsExactly("column 'offset' is optional int64 (TIMESTAMP(MICROS,true)), expected double");
    }

    @Test
    void everyProblemIsReportedAtOnce() throws IOException {
        writeValidDataset(dir);
        Files.writeString(dir.resolve("accelerations/t=000.0/a.parquet"), "junk");
        Files.writeString(dir.resolve("locations/t=000.0/b.parquet"), "junk");

        assertThatThrownBy(() -> BddDataset.open(dir))
                .satisfies(e -> assertThat(((InvalidDatasetException) e).problems()).hasSize(2));
    }

    /** Opens the data set in {@code dir} with what {@code source}'s logger writes going to {@code log} as well. */
    private BddDataset openLogging(Class<?> source, ListAppender<ILoggingEvent> log) throws IOException {
        Logger logger = (Logger) LoggerFactory.getLogger(source);
        logger.addAppender(log);
        log.start();
        try {
            return BddDataset.open(dir);
        } finally {
            logger.detachAppender(log);
        }
    }
}
