package org.fleetstreams.replay.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.fleetstreams.common.SensorReading;

/**
 * Reads one BDD Parquet file into {@link SensorReading}s (event time 0: the scheduler assigns it).
 *
 * <p>Only the published columns are read (a projection): {@code timestamp}, {@code timelapse} and
 * {@code filename} are never decoded. Rows with a null or blank {@code ride_id} or a null / NaN / infinite number
 * are not returned; each is counted in {@link RowSkips} with its reason. A fix's null, NaN or infinite course, speed or
 * accuracy is read as −1, unknown ({@link #UNKNOWN_WHEN_NULL}), and counted there too.
 */
public final class ParquetRows {

    private ParquetRows() {
    }

    public static List<SensorReading> read(SensorKind kind, Path file, RowSkips skips) {
        List<SensorReading> rows = new ArrayList<>();
        forEach(kind, file, skips, rows::add);
        return rows;
    }

    /** The file's usable rows handed to {@code each} as they are read, none kept: for a pass that needs no list. */
    public static void forEach(SensorKind kind, Path file, RowSkips skips, Consumer<SensorReading> each) {
        InputFile input = new LocalInputFile(file);
        try (ParquetReader<RowMaterializer.Row> reader = new Builder(input, kind).build()) {
            for (RowMaterializer.Row row = reader.read(); row != null; row = reader.read()) {
                if (row.reading() != null) {
                    each.accept(row.reading());
                    if (row.unknowns() != null) {
                        for (String column : row.unknowns()) {
                            skips.addUnknown(kind, column);
                        }
                    }
                } else {
                    skips.add(kind, row.skipReason());
                }
            }
        } catch (IOException | RuntimeException e) {
            // A footer can be sound and a page further on corrupt: this shows only here, mid-replay. Bad input (exit 2)
            // naming the file, not an internal error.
            InvalidDatasetException bad = new InvalidDatasetException(file + ": cannot read rows (" + e
                    + "); a replay stops at this file");
            bad.initCause(e);
            throw bad;
        }
    }

    /**
     * A float32 value as the double its shortest decimal names ({@code Float.toString}): 0.1f is 0.1, not the widened
     * 0.10000000149011612. The rows and the footer's offset range ({@link BddDataset}) both go through here, so a
     * float offset and its file's range agree.
     */
    static double floatAsDecimal(float value) {
        return Float.isFinite(value) ? Double.parseDouble(Float.toString(value)) : value;
    }

    /**
     * A fix's numbers a phone may not know: iOS reports −1 for a course, speed or accuracy it has not got, and the BDD
     * data keeps that (its {@code speed} −1); another writer may have stored such a value as null, or as NaN (Polars,
     * Spark and DuckDB write a missing float as NaN, pandas as null: the same data either way). The fix's place and
     * time are still good, so a null, NaN or infinite value here is read as −1, "unknown", and counted; it does not
     * cost the fix. An infinite speed is no measurement either, so it is read the same way rather than costing the
     * fix's place and time. Both are counted together.
     */
    static final Set<String> UNKNOWN_WHEN_NULL = Set.of("course", "speed", "accuracy");

    private static final class Builder extends ParquetReader.Builder<RowMaterializer.Row> {
        private final SensorKind kind;

        Builder(InputFile file, SensorKind kind) {
            super(file, new PlainParquetConfiguration());
            this.kind = kind;
        }

        @Override
        protected ReadSupport<RowMaterializer.Row> getReadSupport() {
            return new RowReadSupport(kind);
        }
    }

    private static final class RowReadSupport extends ReadSupport<RowMaterializer.Row> {
        private final SensorKind kind;

        RowReadSupport(SensorKind kind) {
            this.kind = kind;
        }

        @Override
        public ReadContext init(InitContext context) {
            MessageType file = context.getFileSchema();
            List<Type> wanted = new ArrayList<>();
            for (Type field : file.getFields()) {
                if (kind.column(field.getName()) != null) {
                    wanted.add(field);
                }
            }
            return new ReadContext(new MessageType(file.getName(), wanted));
        }

        @Override
        public RecordMaterializer<RowMaterializer.Row> prepareForRead(ParquetConfiguration conf, Map<String, String> meta,
                                                      MessageType fileSchema, ReadContext context) {
            return new RowMaterializer(kind, context.getRequestedSchema());
        }

        @Override
        public RecordMaterializer<RowMaterializer.Row> prepareForRead(Configuration conf, Map<String, String> meta,
                                                      MessageType fileSchema, ReadContext context) {
            return new RowMaterializer(kind, context.getRequestedSchema());
        }
    }
}
