package org.fleetstreams.replay.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/** Writes small hand-made Parquet files for bad-input tests. */
public final class TestParquet {

    public static final MessageType BDD_ACCELERATIONS = MessageTypeParser.parseMessageType("""
            message schema {
              optional binary id (STRING);
              optional binary ride_id (STRING);
              optional binary uuid (STRING);
              optional int64 timestamp (TIMESTAMP(MICROS,true));
              optional double offset;
              optional double x;
              optional double y;
              optional double z;
              optional boolean timelapse;
              optional binary filename (STRING);
            }""");

    public static final MessageType BDD_LOCATIONS = MessageTypeParser.parseMessageType("""
            message schema {
              optional binary id (STRING);
              optional binary ride_id (STRING);
              optional binary uuid (STRING);
              optional int64 timestamp (TIMESTAMP(MICROS,true));
              optional double offset;
              optional double course;
              optional double latitude;
              optional double longitude;
              optional binary geohash (STRING);
              optional double speed;
              optional double accuracy;
              optional boolean timelapse;
              optional binary filename (STRING);
            }""");

    private TestParquet() {
    }

    /**
     * {@code base} with its text edited: {@code edits} are pairs of what to find and what to put in its place (a type
     * changed, a column dropped or renamed), in order.
     */
    public static MessageType edited(MessageType base, String... edits) {
        String text = base.toString();
        for (int i = 0; i + 1 < edits.length; i += 2) {
            text = text.replace(edits[i], edits[i + 1]);
        }
        return MessageTypeParser.parseMessageType(text);
    }

    /** Each row is column → value; a missing column is null. */
    @SafeVarargs
    public static void write(Path file, MessageType schema, Map<String, Object>... rows) throws IOException {
        write(file, schema, true, rows);
    }

    /** The same with every column's values written plain: no dictionary page, as some writers do for ids. */
    @SafeVarargs
    public static void writeWithoutDictionary(Path file, MessageType schema, Map<String, Object>... rows)
            throws IOException {
        write(file, schema, false, rows);
    }

    /** The same, with a dictionary page or without ({@link #writeWithoutDictionary}). */
    @SafeVarargs
    public static void write(Path file, MessageType schema, boolean dictionary, Map<String, Object>... rows)
            throws IOException {
        Files.createDirectories(file.getParent());
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration())
                .withType(schema)
                .withDictionaryEncoding(dictionary)
                .build()) {
            for (Map<String, Object> row : rows) {
                Group g = groups.newGroup();
                row.forEach((column, value) -> {
                    if (value instanceof String s) {
                        g.add(column, s);
                    } else if (value instanceof Double d) {
                        g.add(column, d);
                    } else if (value instanceof Float f) {
                        g.add(column, f);
                    } else if (value instanceof Long l) {
                        g.add(column, l);
                    } else if (value instanceof Boolean b) {
                        g.add(column, b);
                    } else if (value instanceof Integer i) {
                        g.add(column, i);
                    } else if (value instanceof Binary b) {
                        g.add(column, b);
                    } else {
                        throw new IllegalArgumentException(column + "=" + value);
                    }
                });
                writer.write(g);
            }
        }
    }

    /** A well-formed acceleration row. */
    public static Map<String, Object> acceleration(String rideId, double offset) {
        return new HashMap<>(Map.of("id", "i-" + rideId, "ride_id", rideId, "uuid", "u-" + rideId,
                "timestamp", 1_503_882_586L, "offset", offset, "x", -0.99, "y", 0.04, "z", -0.03,
                "timelapse", false));
    }

    /** A well-formed location row. */
    public static Map<String, Object> location(String rideId, double offset, double speed) {
        Map<String, Object> row = new HashMap<>(Map.of("id", "i-" + rideId, "ride_id", rideId,
                "uuid", "u-" + rideId, "timestamp", 1_503_882_586L, "offset", offset, "course", 90.0,
                "latitude", 40.76, "longitude", -73.96, "geohash", "dr5ruuwscttz", "speed", speed));
        row.put("accuracy", 10.0);
        return row;
    }
}
