package org.fleetstreams.replay.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fleetstreams.replay.data.BddDatasetFixtures.writeValidDataset;
import static org.fleetstreams.replay.data.TestParquet.acceleration;
import static org.fleetstreams.replay.data.TestParquet.location;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.fleetstreams.replay.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a data set: its kind folders, {@code t=<seconds>} partitions and files, and the time range they span. */
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
        assertThat(data.files()).allSatisfy(f -> assertThat(f.minOffset()).isGreaterThan(f.partitionSeconds() - 0.05));
        TreeSet<Double> ticks = new TreeSet<>();
        data.files().forEach(f -> ticks.add(f.partitionSeconds()));
        assertThat(data.files()).allSatisfy(f -> {
            Double next = ticks.higher(f.partitionSeconds());
            if (next != null) {
                assertThat(f.maxOffset()).as(f.path().toString()).isLessThan(next);
            }
        });
        assertThat(data.files()).filteredOn(f -> ticks.higher(f.partitionSeconds()) != null).hasSizeGreaterThan(100);
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
        writeValidDataset(dir);
        TestParquet.write(dir.resolve("accelerations/t=abc/car.parquet"), TestParquet.BDD_ACCELERATIONS,
                acceleration("r", 1.0));

        assertThatThrownBy(() -> BddDataset.open(dir))
                .hasMessageContaining("t=abc").hasMessageContaining("does not parse");
    }

    @Test
    void partitionFolderNamesAreReadAsAnyWriterPrintsTheSeconds() throws IOException {
        // configure: t=5 (an integer), t=.5 and t=1e-05 (Python's str() of small floats), T=7.0 (another case)
        writeValidDataset(dir);
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
        writeValidDataset(dir);
        TestParquet.write(dir.resolve("accelerations/t=1e999/car.parquet"), TestParquet.BDD_ACCELERATIONS,
                acceleration("r", 1.0));

        assertThatThrownBy(() -> BddDataset.open(dir)).hasMessageContaining("t=1e999").hasMessageContaining("does not parse");
    }

    @Test
    void sparkMarkerFilesAndForeignFoldersAreIgnored() throws IOException {
        writeValidDataset(dir);
        Files.writeString(dir.resolve("locations/_SUCCESS"), "");
        Files.writeString(dir.resolve("locations/t=000.0/.car.parquet.crc"), "crc");
        Files.createDirectories(dir.resolve("locations/notes"));

        assertThat(BddDataset.open(dir).files()).hasSize(2);
    }

    @Test
    void aFolderOfParquetFilesBesideThePartitionsIsAnErrorNotSkipped() throws IOException {
        // another writer's partitioning (date=..., ride=...): its rows would otherwise be left out of the replay
        writeValidDataset(dir);
        Path other = dir.resolve("locations/date=2017-08-01");
        Files.createDirectories(other);
        Files.copy(dir.resolve("locations/t=000.0/car.parquet"), other.resolve("car.parquet"));

        assertThatThrownBy(() -> BddDataset.open(dir))
                .hasMessageContaining(other.toString()).hasMessageContaining("not a t=<seconds> partition");
    }

    /**
     * Hive's and Spark's part files have no extension ({@code 000000_0}, {@code part-00000-...}): outside a partition
     * they are told by their magic too, an error naming them rather than rows left out with a warning. A Spark job's
     * hidden {@code _temporary/} output and a folder of notes stay ignored.
     */
    @Test
    void partFilesWithoutAParquetNameOutsideThePartitionsAreErrors() throws IOException {
        writeValidDataset(dir);
        Path stray = dir.resolve("locations/000000_0");
        Files.copy(dir.resolve("locations/t=000.0/car.parquet"), stray);
        Path batch = dir.resolve("accelerations/batch2");
        Files.createDirectories(batch);
        Files.copy(dir.resolve("accelerations/t=000.0/car.parquet"), batch.resolve("part-00000-c000"));
        Path notes = dir.resolve("locations/notes");
        TestParquet.write(notes.resolve("_temporary/0/part-00000.parquet"), TestParquet.BDD_LOCATIONS,
                location("r", 0.5, 3));
        Files.writeString(notes.resolve("README.txt"), "not data");

        assertThatThrownBy(() -> BddDataset.open(dir))
                .hasMessageContaining(stray + ": a Parquet file outside a t=<seconds> partition folder")
                .hasMessageContaining(batch + ": a folder of Parquet files that is not a t=<seconds> partition")
                .satisfies(e -> assertThat(((InvalidDatasetException) e).problems()).hasSize(2));
    }

    /**
     * Spark writes one car's rows to {@code t=000.0/car.parquet/} as a folder of part files beside its
     * {@code _SUCCESS}: they are read, with the partition's time, at any depth. Before, such a folder was an error.
     */
    @Test
    void parquetFilesInAFolderInsideAPartitionAreRead() throws IOException {
        writeValidDataset(dir);
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
     * Spark's {@code partitionBy("t", "uuid")} writes {@code t=000.0/uuid=19b9.../part-0.parquet} without a uuid
     * column in the files: read through, its rows were published with a null uuid and only a warning. A
     * {@code <column>=<value>} folder inside a partition, for a column the kind reads (in any case), is an error
     * naming it; one for another column ({@code batch=2}) is read through as before.
     */
    @Test
    void aColumnValueFolderInsideAPartitionIsAnError() throws IOException {
        writeValidDataset(dir);
        var noUuid = TestParquet.edited(TestParquet.BDD_LOCATIONS, "optional binary uuid (STRING);", "");
        Map<String, Object> row = location("s", 0.5, 3);
        row.remove("uuid");
        Path byCar = dir.resolve("locations/t=000.0/uuid=19b9aa10588646b3bf22c9b4865a7995");
        TestParquet.write(byCar.resolve("part-0.parquet"), noUuid, row);
        Path byRide = dir.resolve("accelerations/t=000.0/Ride_ID=r");
        TestParquet.write(byRide.resolve("part-0.parquet"), TestParquet.BDD_ACCELERATIONS, acceleration("r", 0.5));
        TestParquet.write(dir.resolve("accelerations/t=000.0/batch=2/part-0.parquet"), TestParquet.BDD_ACCELERATIONS,
                acceleration("r", 0.6));

        assertThatThrownBy(() -> BddDataset.open(dir))
                .hasMessageContaining(byCar + ": a uuid=<value> folder inside a partition folder")
                .hasMessageContaining(byRide + ": a ride_id=<value> folder inside a partition folder")
                .hasMessageContaining("does not take column values from folder names")
                .satisfies(e -> assertThat(((InvalidDatasetException) e).problems()).hasSize(2));
    }

    /**
     * Links that would read rows twice (a folder linking to itself, or to another partition) and a t= folder inside a
     * partition (two times for its rows) are errors naming them, not rows published twice or at the wrong time.
     */
    @Test
    void foldersReachedTwiceOrWithTwoTimesAreErrors() throws IOException {
        writeValidDataset(dir);
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
        writeValidDataset(dir);
        Files.copy(dir.resolve("locations/t=000.0/car.parquet"), dir.resolve("locations/t=000.0/OTHER.PARQUET"));

        assertThat(BddDataset.open(dir).files()).hasSize(3);
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
}
