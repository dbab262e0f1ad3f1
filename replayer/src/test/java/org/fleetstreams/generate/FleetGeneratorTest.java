package org.fleetstreams.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fleetstreams.generate.FleetGeneratorFixtures.rows;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.replay.TestData;
import org.fleetstreams.replay.data.BddDataset;
import org.fleetstreams.replay.data.DataFile;
import org.fleetstreams.replay.data.SensorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The generated data: the real data's schema and shape, its ground truth, one seed one fleet, and bad options. */
class FleetGeneratorTest {

    @TempDir
    Path dir;

    @Test
    void schemaIsExactlyTheRealBddSchema() throws IOException {
        generate(dir.resolve("a"), 2, 30, 1);
        for (SensorKind kind : SensorKind.values()) {
            MessageType real = schema(BddDataset.open(TestData.bdd()).files(kind).get(0).path());
            MessageType generated = schema(BddDataset.open(dir.resolve("a")).files(kind).get(0).path());
            // Compared as readers see it: fastparquet also stores a meaningless type_length 64 on DOUBLE columns.
            assertThat(generated.toString()).as(kind.folder()).isEqualTo(real.toString());
        }
    }

    @Test
    void sameSeedSameDataAndTruthOtherSeedOtherData() throws IOException {
        generate(dir.resolve("a"), 3, 40, 7);
        generate(dir.resolve("b"), 3, 40, 7);
        generate(dir.resolve("c"), 3, 40, 8);

        assertThat(rows(dir.resolve("a"))).isEqualTo(rows(dir.resolve("b")));
        assertThat(Files.readString(dir.resolve("a/ground-truth.csv"))).isEqualTo(Files.readString(dir.resolve("b/ground-truth.csv")));
        assertThat(Files.readString(dir.resolve("a/ground-truth.csv"))).isNotEqualTo(Files.readString(dir.resolve("c/ground-truth.csv")));
    }

    @Test
    void theCommittedSampleIsWhatTheDocumentedCommandGenerates() throws IOException {
        // data/README.md: generate --out data/sample --cars 20 --duration 120 --seed 1 --tick 8
        Path committed = Path.of("..", "data", "sample");
        FleetGenerator.generate(new FleetGenerator.Options(dir.resolve("s"), 20, 120, 1, 8));

        assertThat(rows(dir.resolve("s"))).isEqualTo(rows(committed));
        for (String file : List.of("ground-truth.csv", "phone-orientation.csv")) {
            assertThat(Files.readString(dir.resolve("s").resolve(file))).as(file).isEqualTo(Files.readString(committed.resolve(file)));
        }
    }

    @Test
    void dataHasTheRealDataShape() throws IOException {
        FleetGenerator.Summary summary = generate(dir.resolve("a"), 5, 60, 3);
        List<SensorReading> rows = rows(dir.resolve("a"));

        assertThat(summary.accelerationRows()).isEqualTo(5 * 60 * 50);
        Map<String, List<LocationFix>> fixes = new HashMap<>();
        Map<String, double[]> meanReading = new HashMap<>();
        for (SensorReading r : rows) {
            if (r instanceof LocationFix f) {
                fixes.computeIfAbsent(f.rideId(), k -> new ArrayList<>()).add(f);
            } else if (r.offset() < 1.0) { // the first second: at rest, before any manoeuvre or handling
                AccelerationSample s = (AccelerationSample) r;
                double[] m = meanReading.computeIfAbsent(s.rideId(), k -> new double[4]);
                m[0] += s.x();
                m[1] += s.y();
                m[2] += s.z();
                m[3]++;
            }
        }
        assertThat(fixes).hasSize(5);
        fixes.values().forEach(list -> {
            list.sort(Comparator.comparingDouble(LocationFix::offset));
            for (int i = 1; i < list.size(); i++) {
                assertThat(list.get(i).offset() - list.get(i - 1).offset()).isBetween(0.99, 4.03);
            }
            list.forEach(f -> assertThat(f.geohash()).hasSize(12).isEqualTo(Geohash.encode(f.latitude(), f.longitude(), 12)));
        });
        assertThat(rows).filteredOn(r -> r instanceof LocationFix f && f.speed() == -1).as("some speed -1").isNotEmpty();
        // Gravity (the mean reading at rest) is ~1 g, in a different phone direction for each car.
        List<double[]> gravity = meanReading.values().stream().map(m -> new double[] {m[0] / m[3], m[1] / m[3], m[2] / m[3]}).toList();
        gravity.forEach(g -> assertThat(Math.sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2])).isBetween(0.9, 1.1));
        assertThat(gravity.stream().map(g -> Math.round(g[0] * 10) + "/" + Math.round(g[1] * 10) + "/" + Math.round(g[2] * 10))
                .distinct()).hasSizeGreaterThan(1);
    }

    @Test
    void timestampColumnHoldsEpochSecondsCountingDownLikeTheRealData() throws IOException {
        generate(dir.resolve("a"), 1, 30, 2);
        List<long[]> offsetAndTimestamp = new ArrayList<>();
        for (DataFile f : BddDataset.open(dir.resolve("a")).files(SensorKind.LOCATIONS)) {
            for (Group g : groups(f.path())) {
                offsetAndTimestamp.add(new long[] {Math.round(g.getDouble("offset", 0) * 1000), g.getLong("timestamp", 0)});
            }
        }
        offsetAndTimestamp.sort(Comparator.comparingLong(a -> a[0]));
        assertThat(offsetAndTimestamp.get(0)[1]).as("seconds, not micros").isBetween(1_400_000_000L, 1_600_000_000L);
        assertThat(offsetAndTimestamp.get(offsetAndTimestamp.size() - 1)[1]).isLessThan(offsetAndTimestamp.get(0)[1]);
    }

    @Test
    void groundTruthListsHarshBrakingInItsRangesAndTheNegatives() throws IOException {
        FleetGenerator.Summary summary = generate(dir.resolve("a"), 10, 120, 5);
        List<String[]> truth = Files.readAllLines(dir.resolve("a/ground-truth.csv")).stream().skip(1).map(l -> l.split(",")).toList();

        assertThat(truth).filteredOn(t -> t[1].equals("harsh_braking")).hasSize(summary.harshBrakingEvents()).isNotEmpty()
                .allSatisfy(t -> {
                    assertThat(Double.parseDouble(t[4])).isBetween(0.30, 0.70);
                    assertThat(Double.parseDouble(t[3]) - Double.parseDouble(t[2])).isBetween(0.0, 4.0);
                });
        assertThat(truth).extracting(t -> t[1]).contains("mild_braking", "bump", "handling", "turn", "pull_away");
        assertThat(truth).filteredOn(t -> t[1].equals("bump"))
                .allSatisfy(t -> assertThat(Double.parseDouble(t[3]) - Double.parseDouble(t[2])).isBetween(0.009, 0.021));

        // and each labelled brake is in the readings: what the phone reads beyond the gravity of the second before
        // reaches the labelled magnitude (a brake is horizontal, so it adds to gravity as a vector, whatever the
        // phone's attitude), give or take the sensor noise and the onset
        List<SensorReading> rows = rows(dir.resolve("a"));
        assertThat(truth).filteredOn(t -> t[1].equals("harsh_braking")).allSatisfy(t -> assertThat(
                peakBeyondGravity(rows, t[0], Double.parseDouble(t[2]), Double.parseDouble(t[3])))
                .as(String.join(",", t)).isBetween(Double.parseDouble(t[4]) - 0.05, Double.parseDouble(t[4]) + 0.1));
    }

    /** The largest |reading - mean reading of the second before {@code start}| of the ride's samples in [start, end] (g). */
    private static double peakBeyondGravity(List<SensorReading> rows, String ride, double start, double end) {
        double[] before = new double[4];
        for (SensorReading r : rows) {
            if (r instanceof AccelerationSample a && a.rideId().equals(ride) && a.offset() >= start - 1 && a.offset() < start) {
                before[0] += a.x();
                before[1] += a.y();
                before[2] += a.z();
                before[3]++;
            }
        }
        double peak = 0;
        for (SensorReading r : rows) {
            if (r instanceof AccelerationSample a && a.rideId().equals(ride) && a.offset() >= start && a.offset() <= end) {
                double dx = a.x() - before[0] / before[3];
                double dy = a.y() - before[1] / before[3];
                double dz = a.z() - before[2] / before[3];
                peak = Math.max(peak, Math.sqrt(dx * dx + dy * dy + dz * dz));
            }
        }
        return peak;
    }

    @Test
    void refusesToWriteIntoExistingData() throws IOException {
        generate(dir.resolve("a"), 1, 20, 1);
        assertThatThrownBy(() -> generate(dir.resolve("a"), 1, 20, 1)).hasMessageContaining("is not empty");
    }

    private static FleetGenerator.Summary generate(Path out, int cars, double seconds, long seed) {
        return FleetGenerator.generate(new FleetGenerator.Options(out, cars, seconds, seed, 4));
    }

    private static MessageType schema(Path file) throws IOException {
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            return r.getFooter().getFileMetaData().getSchema();
        }
    }

    private static List<Group> groups(Path file) throws IOException {
        List<Group> out = new ArrayList<>();
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            MessageType schema = r.getFooter().getFileMetaData().getSchema();
            for (var pages = r.readNextRowGroup(); pages != null; pages = r.readNextRowGroup()) {
                var reader = new ColumnIOFactory().getColumnIO(schema).getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    out.add(reader.read());
                }
            }
        }
        return out;
    }

    /** A bad option is a one-line error and exit 2, not a stack trace. */
    @Test
    void badOptionsAreRefusedNamingThem() {
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new GenerateCommand()).setErr(new PrintWriter(err, true));
        int code = cmd.execute("--out", dir.resolve("none").toString(), "--cars", "0");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("need --cars >= 1, --duration > 10 (seconds) and --tick >= 0.1 (seconds), was 0")
                .doesNotContain("\tat ");
        assertThat(new CommandLine(new GenerateCommand()).setErr(new PrintWriter(new StringWriter()))
                .execute("--out", dir.resolve("nan").toString(), "--duration", "NaN")).isEqualTo(2);
        // a tick below the 0.1 s the partitions are rounded to would never reach the next partition
        assertThat(new CommandLine(new GenerateCommand()).setErr(new PrintWriter(new StringWriter()))
                .execute("--out", dir.resolve("tiny").toString(), "--tick", "0.01")).isEqualTo(2);
        StringWriter share = new StringWriter();
        assertThat(new CommandLine(new GenerateCommand()).setErr(new PrintWriter(share, true))
                .execute("--out", dir.resolve("share").toString(), "--family", "PHYSICS", "--unknown-speed", "1.5"))
                .isEqualTo(2);
        assertThat(share.toString()).contains("need --unknown-speed between 0 and 1");
        StringWriter scripted = new StringWriter();
        assertThat(new CommandLine(new GenerateCommand()).setErr(new PrintWriter(scripted, true))
                .execute("--out", dir.resolve("scripted").toString(), "--unknown-speed", "0.5")).isEqualTo(2);
        assertThat(scripted.toString()).contains("--unknown-speed is for --family PHYSICS only");
        StringWriter timing = new StringWriter();
        assertThat(new CommandLine(new GenerateCommand()).setErr(new PrintWriter(timing, true))
                .execute("--out", dir.resolve("timing").toString(), "--phone-hz", "100")).isEqualTo(2);
        assertThat(timing.toString()).contains("--phone-hz and --gps-interval are for --family PHYSICS only");
        StringWriter rate = new StringWriter();
        assertThat(new CommandLine(new GenerateCommand()).setErr(new PrintWriter(rate, true))
                .execute("--out", dir.resolve("rate").toString(), "--family", "PHYSICS", "--phone-hz", "30")).isEqualTo(2);
        assertThat(rate.toString()).contains("need a phone rate that divides the simulation's 100 Hz");
        StringWriter gps = new StringWriter();
        assertThat(new CommandLine(new GenerateCommand()).setErr(new PrintWriter(gps, true))
                .execute("--out", dir.resolve("gps").toString(), "--family", "PHYSICS", "--gps-interval", "2,1")).isEqualTo(2);
        assertThat(gps.toString()).contains("need a GPS interval MIN,MAX with 0.1 <= MIN <= MAX <= 60");
    }
}
