package org.fleetstreams.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.fleetstreams.replay.data.SensorKind;

/**
 * Small bad data sets for the demo's tests, made from data/sample: its files' schemas (so the replayer's schema check
 * passes), or a few of its partitions with one file broken.
 */
final class DemoDataSets {

    static final Path SAMPLE = Path.of("..", "data", "sample");

    private DemoDataSets() {
    }

    /** Both kinds, one file each with data/sample's schema and no rows. */
    static Path noRows(Path dir) throws IOException {
        for (SensorKind kind : SensorKind.values()) {
            write(dir, kind, 0, false);
        }
        return dir;
    }

    /** A GPS file with no rows beside an accelerations file of {@code rows} rows. */
    static Path noGpsRows(Path dir, int rows) throws IOException {
        write(dir, SensorKind.LOCATIONS, 0, false);
        write(dir, SensorKind.ACCELERATIONS, rows, false);
        return dir;
    }

    /** Both kinds, {@code rows} rows each, every one without a {@code ride_id}: the replayer skips them all. */
    static Path noRideIds(Path dir, int rows) throws IOException {
        for (SensorKind kind : SensorKind.values()) {
            write(dir, kind, rows, true);
        }
        return dir;
    }

    /**
     * data/sample's first {@code partitions} partitions of both kinds, with the first page of one GPS file in the last
     * of them overwritten: its footer is sound, so the data set opens and the replay fails part-way, at that file.
     */
    static Path brokenPage(Path dir, int partitions) throws IOException {
        Path broken = null;
        for (SensorKind kind : SensorKind.values()) {
            List<Path> folders;
            try (Stream<Path> all = Files.list(SAMPLE.resolve(kind.folder()))) {
                folders = all.sorted().limit(partitions).toList();
            }
            for (Path folder : folders) {
                Path target = Files.createDirectories(dir.resolve(kind.folder()).resolve(folder.getFileName()));
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path file : files.sorted().toList()) {
                        broken = Files.copy(file, target.resolve(file.getFileName()));
                    }
                }
            }
        }
        Path gps;
        try (Stream<Path> files = Files.walk(dir.resolve(SensorKind.LOCATIONS.folder()))) {
            gps = files.filter(f -> f.toString().endsWith(".parquet")).sorted().reduce((a, b) -> b).orElse(broken);
        }
        byte[] bytes = Files.readAllBytes(gps);
        Arrays.fill(bytes, 4, 24, (byte) 0xFF); // just after the leading PAR1 magic: the first page header
        Files.write(gps, bytes);
        return dir;
    }

    private static void write(Path dir, SensorKind kind, int rows, boolean withoutRideId) throws IOException {
        MessageType schema = schemaOf(kind);
        Path file = Files.createDirectories(dir.resolve(kind.folder()).resolve("t=000.0")).resolve("car.parquet");
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration()).withType(schema).build()) {
            for (int i = 0; i < rows; i++) {
                Group row = groups.newGroup();
                for (Type field : schema.getFields()) {
                    String name = field.getName();
                    if (!(withoutRideId && name.equals("ride_id"))) {
                        fill(row, field, name.equals("offset") ? i * 0.1 : 1.0);
                    }
                }
                writer.write(row);
            }
        }
    }

    private static void fill(Group row, Type field, double number) {
        String name = field.getName();
        switch (field.asPrimitiveType().getPrimitiveTypeName()) {
            case BINARY -> row.add(name, "r");
            case DOUBLE -> row.add(name, number);
            case FLOAT -> row.add(name, (float) number);
            case INT64 -> row.add(name, 1_503_882_586_000_000L);
            case INT32 -> row.add(name, 1);
            case BOOLEAN -> row.add(name, false);
            default -> throw new IllegalArgumentException(field.toString());
        }
    }

    private static MessageType schemaOf(SensorKind kind) throws IOException {
        Path file;
        try (Stream<Path> files = Files.walk(SAMPLE.resolve(kind.folder()))) {
            file = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            return reader.getFooter().getFileMetaData().getSchema();
        }
    }
}
