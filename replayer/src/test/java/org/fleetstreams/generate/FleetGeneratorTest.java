package org.fleetstreams.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
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
import org.fleetstreams.replay.data.ParquetRows;
import org.fleetstreams.replay.data.RowSkips;
import org.fleetstreams.replay.data.SensorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    }

    @Test
    void thePhysicsFamilyHasEarlyHarshBrakesLaggingGpsAndGravityOfOneG() throws IOException {
        Path out = dir.resolve("p");
        FleetGenerator.Summary summary = FleetGenerator.generate(new FleetGenerator.Options(out, 12, 120, 9, 4, Family.PHYSICS));
        List<String[]> truth = Files.readAllLines(out.resolve("ground-truth.csv")).stream().skip(1).map(l -> l.split(",")).toList();
        Map<String, Double> firstHarsh = new HashMap<>();
        truth.stream().filter(t -> t[1].equals("harsh_braking"))
                .forEach(t -> firstHarsh.merge(t[0], Double.parseDouble(t[2]), Math::min));
        assertThat(firstHarsh).as("every car brakes hard").hasSize(12);
        assertThat(firstHarsh.values()).allSatisfy(s -> assertThat(s).isBetween(15.0, 75.0));
        assertThat(truth).filteredOn(t -> t[1].equals("harsh_braking")).hasSize(summary.harshBrakingEvents())
                .allSatisfy(t -> assertThat(Double.parseDouble(t[4])).isBetween(0.30, 0.80));
        assertThat(truth).extracting(t -> t[1]).contains("mild_braking", "pothole", "handling", "pull_away");

        // The GPS speed lags: during a hard brake the fixes report more than the physics allows at fix time.
        List<SensorReading> rows = rows(out);
        Map<String, double[]> rest = new HashMap<>();
        for (SensorReading r : rows) {
            if (r instanceof AccelerationSample s && r.offset() < 0.25) { // stopped, before any handling
                double[] m = rest.computeIfAbsent(s.rideId(), k -> new double[4]);
                m[0] += s.x();
                m[1] += s.y();
                m[2] += s.z();
                m[3]++;
            }
        }
        rest.values().forEach(m -> assertThat(Math.sqrt(m[0] * m[0] + m[1] * m[1] + m[2] * m[2]) / m[3]).isBetween(0.93, 1.07));
        int lagging = 0;
        int judged = 0;
        for (String[] t : truth) {
            if (!t[1].equals("harsh_braking") || Double.parseDouble(t[3]) - Double.parseDouble(t[2]) < 1.5) {
                continue;
            }
            double start = Double.parseDouble(t[2]);
            double speed = Double.parseDouble(t[5]);
            for (SensorReading r : rows) {
                if (r instanceof LocationFix f && f.rideId().equals(t[0]) && f.hasValidSpeed()
                        && f.offset() > start + 0.6 && f.offset() < start + 1.2) {
                    judged++;
                    double atFixTime = speed - Double.parseDouble(t[4]) * 9.81 * (f.offset() - start - 0.3);
                    lagging += f.speed() > atFixTime + 1 ? 1 : 0;
                }
            }
        }
        assertThat(judged).isPositive();
        assertThat(lagging).as("fixes showing a lagged speed").isGreaterThan(judged / 2);
    }

    @Test
    void refusesToWriteIntoExistingData() throws IOException {
        generate(dir.resolve("a"), 1, 20, 1);
        assertThatThrownBy(() -> generate(dir.resolve("a"), 1, 20, 1)).hasMessageContaining("is not empty");
    }

    private static FleetGenerator.Summary generate(Path out, int cars, double seconds, long seed) {
        return FleetGenerator.generate(new FleetGenerator.Options(out, cars, seconds, seed, 4));
    }

    private static List<SensorReading> rows(Path data) {
        List<SensorReading> out = new ArrayList<>();
        for (DataFile f : BddDataset.open(data).files()) {
            out.addAll(ParquetRows.read(f.kind(), f.path(), new RowSkips()));
        }
        return out;
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
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cmd = new picocli.CommandLine(new GenerateCommand()).setErr(new java.io.PrintWriter(err, true));
        int code = cmd.execute("--out", dir.resolve("none").toString(), "--cars", "0");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("need --cars >= 1, --duration > 10 (seconds) and --tick >= 0.1 (seconds), was 0")
                .doesNotContain("\tat ");
        assertThat(new picocli.CommandLine(new GenerateCommand()).setErr(new java.io.PrintWriter(new java.io.StringWriter()))
                .execute("--out", dir.resolve("nan").toString(), "--duration", "NaN")).isEqualTo(2);
        // a tick below the 0.1 s the partitions are rounded to would never reach the next partition
        assertThat(new picocli.CommandLine(new GenerateCommand()).setErr(new java.io.PrintWriter(new java.io.StringWriter()))
                .execute("--out", dir.resolve("tiny").toString(), "--tick", "0.01")).isEqualTo(2);
        java.io.StringWriter share = new java.io.StringWriter();
        assertThat(new picocli.CommandLine(new GenerateCommand()).setErr(new java.io.PrintWriter(share, true))
                .execute("--out", dir.resolve("share").toString(), "--family", "PHYSICS", "--unknown-speed", "1.5"))
                .isEqualTo(2);
        assertThat(share.toString()).contains("need --unknown-speed between 0 and 1");
        java.io.StringWriter scripted = new java.io.StringWriter();
        assertThat(new picocli.CommandLine(new GenerateCommand()).setErr(new java.io.PrintWriter(scripted, true))
                .execute("--out", dir.resolve("scripted").toString(), "--unknown-speed", "0.5")).isEqualTo(2);
        assertThat(scripted.toString()).contains("--unknown-speed is for --family PHYSICS only");
        java.io.StringWriter timing = new java.io.StringWriter();
        assertThat(new picocli.CommandLine(new GenerateCommand()).setErr(new java.io.PrintWriter(timing, true))
                .execute("--out", dir.resolve("timing").toString(), "--phone-hz", "100")).isEqualTo(2);
        assertThat(timing.toString()).contains("--phone-hz and --gps-interval are for --family PHYSICS only");
        java.io.StringWriter rate = new java.io.StringWriter();
        assertThat(new picocli.CommandLine(new GenerateCommand()).setErr(new java.io.PrintWriter(rate, true))
                .execute("--out", dir.resolve("rate").toString(), "--family", "PHYSICS", "--phone-hz", "30")).isEqualTo(2);
        assertThat(rate.toString()).contains("need a phone rate that divides the simulation's 100 Hz");
        java.io.StringWriter gps = new java.io.StringWriter();
        assertThat(new picocli.CommandLine(new GenerateCommand()).setErr(new java.io.PrintWriter(gps, true))
                .execute("--out", dir.resolve("gps").toString(), "--family", "PHYSICS", "--gps-interval", "2,1")).isEqualTo(2);
        assertThat(gps.toString()).contains("need a GPS interval MIN,MAX with 0.1 <= MIN <= MAX <= 60");
    }

    /**
     * {@code --phone-hz} and {@code --gps-interval}: every phone at the asked rate, the fixes as far apart as asked;
     * the same cars otherwise (as many harsh brakes in the truth as with the default timing).
     */
    @Test
    void thePhysicsFamilyReportsAtTheAskedSensorTiming() throws IOException {
        Path fast = dir.resolve("fast");
        FleetGenerator.Summary fastSummary = FleetGenerator.generate(new FleetGenerator.Options(fast, 3, 60, 5, 4,
                Family.PHYSICS, FleetGenerator.UNKNOWN_SPEED_SHARE, SensorTiming.of(100, "0.2")));
        Path usual = dir.resolve("usual-timing");
        FleetGenerator.Summary usualSummary = FleetGenerator.generate(new FleetGenerator.Options(usual, 3, 60, 5, 4,
                Family.PHYSICS));

        java.util.Map<String, List<Long>> samples = new java.util.HashMap<>();
        java.util.Map<String, List<Long>> fixes = new java.util.HashMap<>();
        for (SensorReading r : rows(fast)) {
            (r instanceof LocationFix ? fixes : samples).computeIfAbsent(r.rideId(), k -> new ArrayList<>())
                    .add(Math.round(r.offset() * 1000));
        }
        assertThat(samples).hasSize(3);
        samples.values().forEach(times -> {
            java.util.Collections.sort(times);
            assertThat(times.size()).as("100 Hz over 60 s").isBetween(5_900, 6_000);
            assertThat(times.get(times.size() / 2) - times.get(times.size() / 2 - 1)).isBetween(8L, 12L);
        });
        fixes.values().forEach(times -> {
            java.util.Collections.sort(times);
            assertThat(times.size()).as("a fix every 0.2 s over 60 s").isBetween(290, 300);
            assertThat(times.get(times.size() / 2) - times.get(times.size() / 2 - 1)).isBetween(190L, 210L);
        });
        assertThat(fastSummary.harshBrakingEvents()).isEqualTo(usualSummary.harshBrakingEvents());
    }

    /**
     * A GPS lag for every car (QualityReport's {@code --gps-lag}): the same cars, fixes at the same times, the speeds of
     * a receiver that reports the car as it was that long before. A receiver without lag, its speeds drawn as a line
     * through its fixes, matches the lagging one's fixes read 2 s earlier, not at their own times.
     */
    @Test
    void aGpsLagForEveryCarReportsTheSpeedTheCarHadThatLongBefore() throws IOException {
        Path none = dir.resolve("lag-0");
        FleetGenerator.Summary noneSummary = FleetGenerator.generate(new FleetGenerator.Options(none, 3, 120, 5, 4,
                Family.PHYSICS, FleetGenerator.UNKNOWN_SPEED_SHARE, SensorTiming.DEFAULT.withGpsLag(0)));
        Path late = dir.resolve("lag-2");
        FleetGenerator.Summary lateSummary = FleetGenerator.generate(new FleetGenerator.Options(late, 3, 120, 5, 4,
                Family.PHYSICS, FleetGenerator.UNKNOWN_SPEED_SHARE, SensorTiming.DEFAULT.withGpsLag(2)));

        assertThat(lateSummary.harshBrakingEvents()).isEqualTo(noneSummary.harshBrakingEvents());
        Map<String, java.util.TreeMap<Double, Double>> speedNone = fixSpeeds(none);
        Map<String, java.util.TreeMap<Double, Double>> speedLate = fixSpeeds(late);
        assertThat(speedLate.keySet()).isEqualTo(speedNone.keySet());
        double atTwoSecondsBefore = 0;
        double atTheSameTime = 0;
        int compared = 0;
        for (var ride : speedLate.entrySet()) {
            java.util.TreeMap<Double, Double> line = speedNone.get(ride.getKey());
            assertThat(ride.getValue().keySet()).as("fix times").isEqualTo(line.keySet());
            for (var fix : ride.getValue().entrySet()) {
                Double before = interpolated(line, fix.getKey() - 2);
                Double same = interpolated(line, fix.getKey());
                if (fix.getValue() >= 0 && before != null && same != null) {
                    atTwoSecondsBefore += Math.abs(fix.getValue() - before);
                    atTheSameTime += Math.abs(fix.getValue() - same);
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(50);
        assertThat(atTwoSecondsBefore / compared).as("mean difference, 2 s before (m/s)")
                .isLessThan(atTheSameTime / compared / 2);
        assertThatThrownBy(() -> SensorTiming.DEFAULT.withGpsLag(5)).hasMessageContaining("GPS lag from 0 to 4 s");
    }

    /** Each ride's known fix speeds (unknown ones, −1, left out) by offset. */
    private static Map<String, java.util.TreeMap<Double, Double>> fixSpeeds(Path data) throws IOException {
        Map<String, java.util.TreeMap<Double, Double>> out = new HashMap<>();
        for (SensorReading r : rows(data)) {
            if (r instanceof LocationFix fix) {
                out.computeIfAbsent(fix.rideId(), k -> new java.util.TreeMap<>()).put(fix.offset(), fix.speed());
            }
        }
        return out;
    }

    /** The speed at {@code t} on the line through the known speeds on either side; null outside or next to an unknown. */
    private static Double interpolated(java.util.TreeMap<Double, Double> speeds, double t) {
        var lo = speeds.floorEntry(t);
        var hi = speeds.ceilingEntry(t);
        if (lo == null || hi == null || lo.getValue() < 0 || hi.getValue() < 0) {
            return null;
        }
        double span = hi.getKey() - lo.getKey();
        return span == 0 ? lo.getValue() : lo.getValue() + (hi.getValue() - lo.getValue()) * (t - lo.getKey()) / span;
    }

    /** {@code --unknown-speed}: the share of PHYSICS fixes with speed −1, about as asked; the default stays 3 %. */
    @Test
    void thePhysicsFamilyReportsTheAskedShareOfUnknownSpeeds() throws IOException {
        Path half = dir.resolve("half");
        FleetGenerator.generate(new FleetGenerator.Options(half, 6, 120, 5, 4, Family.PHYSICS, 0.5));
        Path usual = dir.resolve("usual");
        FleetGenerator.generate(new FleetGenerator.Options(usual, 6, 120, 5, 4, Family.PHYSICS));

        assertThat(unknownShare(half)).isBetween(0.40, 0.60);
        assertThat(unknownShare(usual)).isBetween(0.005, 0.08);
    }

    private static double unknownShare(Path data) {
        List<LocationFix> fixes = rows(data).stream().filter(r -> r instanceof LocationFix).map(r -> (LocationFix) r).toList();
        assertThat(fixes).hasSizeGreaterThan(150);
        return fixes.stream().filter(f -> f.speed() == -1).count() / (double) fixes.size();
    }
}
