package org.fleetstreams.replay.data;

import java.util.List;
import java.util.Locale;
import org.fleetstreams.common.Topics;

/** The two kinds of BDD data, each a top-level folder of the data set and a Kafka topic. */
public enum SensorKind {
    LOCATIONS("locations", List.of("offset", "course", "latitude", "longitude", "speed", "accuracy"),
            List.of("id", "ride_id", "uuid", "geohash")),
    ACCELERATIONS("accelerations", List.of("offset", "x", "y", "z"), List.of("id", "ride_id", "uuid"));

    private final String folder;
    private final List<String> numberColumns;
    private final List<String> textColumns;

    SensorKind(String folder, List<String> numberColumns, List<String> textColumns) {
        this.folder = folder;
        this.numberColumns = numberColumns;
        this.textColumns = textColumns;
    }

    /** The folder under the data root, e.g. {@code locations}. */
    public String folder() {
        return folder;
    }

    /** Columns that must be DOUBLE (or FLOAT): every one is published, so every one is required. */
    public List<String> numberColumns() {
        return numberColumns;
    }

    /**
     * Columns published as JSON strings (stored as text, or as the other types {@link SchemaCheck} takes). {@code id}
     * may hold nulls, {@code ride_id} may not.
     */
    public List<String> textColumns() {
        return textColumns;
    }

    /**
     * Whether a file may lack this column: the text columns other than {@code ride_id}, which the published JSON may
     * carry as null ({@code id} is null for some of the BDD export's rides), and a fix's course, speed and accuracy,
     * published as −1 (unknown) when null ({@link ParquetRows#UNKNOWN_WHEN_NULL}): a writer that dropped an all-null
     * column loses nothing. The offset, the position, x, y, z and {@code ride_id} (the key) are required.
     */
    public boolean mayBeAbsent(String column) {
        return textColumns.contains(column) && !column.equals("ride_id")
                || this == LOCATIONS && ParquetRows.UNKNOWN_WHEN_NULL.contains(column);
    }

    /**
     * The column this kind reads under a file's field name, matched without regard to case (as Spark reads Parquet by
     * default: {@code Ride_ID} is {@code ride_id}); null for a column it does not read.
     */
    public String column(String fieldName) {
        String lower = fieldName.toLowerCase(Locale.ROOT);
        return numberColumns.contains(lower) || textColumns.contains(lower) ? lower : null;
    }

    public String topic(Topics topics) {
        return this == LOCATIONS ? topics.locations() : topics.accelerations();
    }
}
