package org.fleetstreams.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.replay.data.SensorKind;

/**
 * Writes a synthetic fleet in exactly the BDD layout and schema, deterministic from a seed, plus
 * {@code ground-truth.csv} beside it.
 *
 * <p>It writes as it goes: partition by partition (irregular ticks around {@code meanTickS}, like the real
 * {@code t=} folders), each car simulated up to the next tick and its rows written to its own file. Memory holds
 * one interval's rows of one car, whatever the fleet size or duration.
 */
public final class FleetGenerator {

    /**
     * What to generate; {@code unknownSpeedShare} is the share of the PHYSICS family's fixes with speed −1 (the
     * SCRIPTED family has its own, fixed, and is byte-identical whatever this says).
     */
    public record Options(Path out, int cars, double durationS, long seed, double meanTickS, Family family,
                          double unknownSpeedShare, SensorTiming timing) {

        /** With the BDD data's sensor timing ({@link SensorTiming#DEFAULT}). */
        public Options(Path out, int cars, double durationS, long seed, double meanTickS, Family family,
                       double unknownSpeedShare) {
            this(out, cars, durationS, seed, meanTickS, family, unknownSpeedShare, SensorTiming.DEFAULT);
        }

        /** The original (scripted) family. */
        public Options(Path out, int cars, double durationS, long seed, double meanTickS) {
            this(out, cars, durationS, seed, meanTickS, Family.SCRIPTED);
        }

        /** With the PHYSICS family's default share of unknown speeds. */
        public Options(Path out, int cars, double durationS, long seed, double meanTickS, Family family) {
            this(out, cars, durationS, seed, meanTickS, family, UNKNOWN_SPEED_SHARE);
        }
    }

    /** What was written. */
    public record Summary(int cars, int partitions, long locationRows, long accelerationRows, long files,
                          int harshBrakingEvents, int negatives) {
    }

    /** The PHYSICS family's share of GPS fixes reported with speed −1 (unknown), as iOS does now and then, by default. */
    public static final double UNKNOWN_SPEED_SHARE = 0.03;

    /** Truth kinds that must not raise an alert. */
    public static final Set<String> NEGATIVES = Set.of("mild_braking", "bump", "pothole", "handling");

    private FleetGenerator() {
    }

    /**
     * Refuses options it cannot generate from, naming them: too few or too many cars or seconds, or more than the heap
     * holds ({@link GeneratorLimits}), a tick shorter than the 0.1 s the partitions are rounded to (the next partition
     * would never come), or an output folder with data in it.
     */
    public static void check(Options o) {
        GeneratorLimits.check(o.cars(), o.durationS(), o.meanTickS(), Runtime.getRuntime().maxMemory());
        if (o.family() != Family.PHYSICS && !SensorTiming.DEFAULT.equals(o.timing())) {
            throw new IllegalArgumentException("--phone-hz and --gps-interval are for --family PHYSICS only");
        }
        if (!(o.unknownSpeedShare() >= 0 && o.unknownSpeedShare() <= 1)) {
            throw new IllegalArgumentException("need --unknown-speed between 0 and 1 (a share of the fixes), was "
                    + o.unknownSpeedShare());
        }
        StagedOutput.check(o.out());
    }

    /**
     * Generates the fleet. It is written beside its place ({@link StagedOutput}) and moved there once complete; a run
     * that fails removes what it wrote and rethrows.
     */
    public static Summary generate(Options o) {
        return generate(o, partition -> { });
    }

    /** @param afterPartition called after each partition is written (tests: a fault in the middle of a run) */
    static Summary generate(Options o, IntConsumer afterPartition) {
        check(o);
        StagedOutput output;
        try {
            output = StagedOutput.open(o.out());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path dir = output.dir();
        try {
            SplittableRandom root = new SplittableRandom(o.seed());
            long epoch = 1_503_000_000L + root.nextInt(10_000_000);
            List<SyntheticCar> cars = new ArrayList<>();
            for (int i = 0; i < o.cars(); i++) {
                cars.add(o.family() == Family.PHYSICS ? new PhysicsCar(root.split(), o.durationS(), epoch + i * 97L,
                        o.unknownSpeedShare(), o.timing())
                        : new CarSimulator(root.split(), o.durationS(), epoch + i * 97L));
            }
            long locations = 0;
            long accelerations = 0;
            long files = 0;
            int partitions = 0;
            SplittableRandom ticks = root.split();
            for (double tick = 0; tick < o.durationS(); partitions++) {
                double next = Math.min(o.durationS(),
                        Math.round((tick + o.meanTickS() * (0.7 + 0.6 * ticks.nextDouble())) * 10) / 10.0);
                String folder = String.format(Locale.ROOT, "t=%05.1f", tick);
                Path locationDir = dir.resolve(SensorKind.LOCATIONS.folder()).resolve(folder);
                Path accelerationDir = dir.resolve(SensorKind.ACCELERATIONS.folder()).resolve(folder);
                for (SyntheticCar car : cars) {
                    List<LocationFix> fixes = new ArrayList<>();
                    List<AccelerationSample> samples = new ArrayList<>();
                    car.advance(next, fixes, samples);
                    requireFinite(car.rideId, fixes, samples);
                    String file = car.uuid + ".parquet";
                    if (!fixes.isEmpty()) {
                        writeLocations(locationDir.resolve(file), car, fixes);
                        locations += fixes.size();
                        files++;
                    }
                    if (!samples.isEmpty()) {
                        writeAccelerations(accelerationDir.resolve(file), car, samples);
                        accelerations += samples.size();
                        files++;
                    }
                }
                tick = next;
                afterPartition.accept(partitions);
            }
            int[] truth = writeGroundTruth(dir.resolve(StagedOutput.GROUND_TRUTH), cars);
            writeOrientations(dir.resolve(StagedOutput.PHONE_ORIENTATION), cars);
            output.publish();
            return new Summary(o.cars(), partitions, locations, accelerations, files, truth[0], truth[1]);
        } catch (IOException e) {
            UncheckedIOException failure = new UncheckedIOException(e);
            output.discard(failure);
            throw failure;
        } catch (RuntimeException | Error e) {
            output.discard(e);
            throw e;
        }
    }

    /**
     * Refuses a reading with a NaN or infinite number, naming the ride and the time: the replayer skips such a row
     * and the app would dead-letter it, so a simulator fault would pass for data (one did: a PHYSICS car's samples
     * turned NaN for the rest of its ride, seen only as a replay's "rows skipped").
     */
    static void requireFinite(String rideId, List<LocationFix> fixes, List<AccelerationSample> samples) {
        for (LocationFix f : fixes) {
            if (!allFinite(f.offset(), f.course(), f.latitude(), f.longitude(), f.speed(), f.accuracy())) {
                throw new IllegalStateException("the simulator produced a non-finite GPS fix for ride " + rideId
                        + " at offset " + f.offset() + ": " + f);
            }
        }
        for (AccelerationSample a : samples) {
            if (!allFinite(a.offset(), a.x(), a.y(), a.z())) {
                throw new IllegalStateException("the simulator produced a non-finite accelerometer sample for ride "
                        + rideId + " at offset " + a.offset() + ": " + a);
            }
        }
    }

    private static boolean allFinite(double... values) {
        for (double value : values) {
            if (!Double.isFinite(value)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code ride_id,kind,start,end,magnitude,speed}: start/end in offset seconds; magnitude in g (braking, turns,
     * bumps) or degrees (handling); speed in m/s when the manoeuvre started. Harsh braking events are the positives;
     * mild braking, bumps and handling the negatives. Written after the simulation, which knows the speeds.
     */
    private static int[] writeGroundTruth(Path file, List<SyntheticCar> cars) throws IOException {
        int positives = 0;
        int negatives = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("ride_id,kind,start,end,magnitude,speed\n");
            for (SyntheticCar car : cars) {
                for (String row : car.truthRows()) {
                    w.write(car.rideId + "," + row + "\n");
                    String kind = row.substring(0, row.indexOf(','));
                    if (kind.equals("harsh_braking")) {
                        positives++;
                    } else if (NEGATIVES.contains(kind)) {
                        negatives++;
                    }
                }
            }
        }
        return new int[] {positives, negatives};
    }

    /**
     * {@code ride_id,from,forward_x,forward_y,forward_z}: the car's forward direction in the phone's frame (unit
     * vector), from that offset on; a new row after each phone handling. What the detector's axis fit should find.
     */
    private static void writeOrientations(Path file, List<SyntheticCar> cars) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("ride_id,from,forward_x,forward_y,forward_z\n");
            for (SyntheticCar car : cars) {
                for (double[] o : car.orientations) {
                    w.write(String.format(Locale.ROOT, "%s,%.3f,%.6f,%.6f,%.6f%n", car.rideId, o[0], o[1], o[2], o[3]));
                }
            }
        }
    }

    private static void writeLocations(Path file, SyntheticCar car, List<LocationFix> fixes) throws IOException {
        try (ParquetWriter<Group> writer = writer(file, BddSchema.LOCATIONS)) {
            SimpleGroupFactory groups = new SimpleGroupFactory(BddSchema.LOCATIONS);
            for (LocationFix f : fixes) {
                Group g = identity(groups.newGroup(), car, f.offset());
                g.add("course", f.course());
                g.add("latitude", f.latitude());
                g.add("longitude", f.longitude());
                g.add("geohash", f.geohash());
                g.add("speed", f.speed());
                g.add("accuracy", f.accuracy());
                g.add("timelapse", false);
                g.add("filename", car.filename);
                writer.write(g);
            }
        }
    }

    private static void writeAccelerations(Path file, SyntheticCar car, List<AccelerationSample> samples) throws IOException {
        try (ParquetWriter<Group> writer = writer(file, BddSchema.ACCELERATIONS)) {
            SimpleGroupFactory groups = new SimpleGroupFactory(BddSchema.ACCELERATIONS);
            for (AccelerationSample s : samples) {
                Group g = identity(groups.newGroup(), car, s.offset());
                g.add("x", s.x());
                g.add("y", s.y());
                g.add("z", s.z());
                g.add("timelapse", false);
                g.add("filename", car.filename);
                writer.write(g);
            }
        }
    }

    /** id, ride_id, uuid, timestamp, offset: the columns both kinds start with. */
    private static Group identity(Group g, SyntheticCar car, double offset) {
        if (car.id != null) {
            g.add("id", car.id);
        }
        g.add("ride_id", car.rideId);
        g.add("uuid", car.uuid);
        g.add("timestamp", car.timestampColumn(offset));
        g.add("offset", offset);
        return g;
    }

    private static ParquetWriter<Group> writer(Path file, MessageType schema) throws IOException {
        Files.createDirectories(file.getParent());
        return ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration())
                .withType(schema)
                .withCompressionCodec(CompressionCodecName.GZIP) // as the real files
                .build();
    }
}
