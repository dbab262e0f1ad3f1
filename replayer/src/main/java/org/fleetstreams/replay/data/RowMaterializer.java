package org.fleetstreams.replay.data;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;

/** Decodes one BDD Parquet row straight into primitive slots, with no intermediate Group objects ({@link ParquetRows}). */
final class RowMaterializer extends RecordMaterializer<RowMaterializer.Row> {

    /**
     * A decoded row: either a reading (with the columns read as unknown for a null, NaN or infinite value, or null) or
     * why it was left out.
     */
    record Row(SensorReading reading, String skipReason, List<String> unknowns) {
        Row(SensorReading reading, String skipReason) {
            this(reading, skipReason, null);
        }
    }

    /** −1: what iOS and the BDD data write for an unknown course, speed or accuracy alike. */
    private static final double UNKNOWN = LocationFix.UNKNOWN_SPEED;

    private final SensorKind kind;
    private final Map<String, Integer> slot = new HashMap<>();
    private final double[] numbers;
    private final boolean[] present;
    private final String[] texts;
    /** The row's first text column whose bytes are not UTF-8, or null: set by the converters, so no per-row scan. */
    private String notUtf8Column;
    private final GroupConverter root;

    RowMaterializer(SensorKind kind, MessageType schema) {
        this.kind = kind;
        List<String> names = new ArrayList<>(kind.numberColumns());
        names.addAll(kind.textColumns());
        for (int i = 0; i < names.size(); i++) {
            slot.put(names.get(i), i);
        }
        numbers = new double[names.size()];
        present = new boolean[names.size()];
        texts = new String[names.size()];
        Converter[] converters = new Converter[schema.getFieldCount()];
        for (int i = 0; i < converters.length; i++) {
            String name = kind.column(schema.getFieldName(i));
            int s = slot.get(name);
            PrimitiveType type = schema.getType(i).asPrimitiveType();
            converters[i] = kind.textColumns().contains(name)
                    ? new TextConverter(type, text -> setText(s, name, text))
                    : new NumberConverter(s, SchemaCheck.decimalScale(type), SchemaCheck.isUnsigned(type));
        }
        root = new GroupConverter() {
            @Override
            public Converter getConverter(int fieldIndex) {
                return converters[fieldIndex];
            }

            @Override
            public void start() {
                Arrays.fill(present, false);
                Arrays.fill(texts, null);
                notUtf8Column = null;
            }

            @Override
            public void end() {
            }
        };
    }

    @Override
    public Row getCurrentRecord() {
        String rideId = texts[slot.get("ride_id")];
        if (rideId == null) {
            return new Row(null, "null ride_id");
        }
        if (rideId.isBlank()) {
            // "" or spaces, as CSV-to-Parquet conversions write a missing id: no ride's key, and the app dead-letters
            // it ("missing ride_id"), so it is left out and counted here as a null one is. uuid is no key (and may be
            // absent altogether): a blank one is published as it is.
            return new Row(null, "blank ride_id");
        }
        if (notUtf8Column != null) {
            return new Row(null, notUtf8Column + " not UTF-8 text");
        }
        List<String> unknowns = null;
        for (String column : kind.numberColumns()) {
            int s = slot.get(column);
            // Polars, Spark and DuckDB write a missing float as NaN where pandas writes null: the same "unknown"
            if ((!present[s] || !Double.isFinite(numbers[s])) && kind == SensorKind.LOCATIONS
                    && ParquetRows.UNKNOWN_WHEN_NULL.contains(column)) {
                numbers[s] = UNKNOWN;
                unknowns = unknowns == null ? new ArrayList<>(3) : unknowns;
                unknowns.add(column);
                continue;
            }
            if (!present[s]) {
                return new Row(null, "null " + column);
            }
            if (!Double.isFinite(numbers[s])) {
                return new Row(null, "non-finite " + column);
            }
        }
        return new Row(build(rideId), null, unknowns);
    }

    /**
     * A text column's value for this row. Bytes that are not UTF-8 ({@link TextConverter#NOT_UTF8}) mark the row, so
     * that it is left out and counted without a per-row scan of its texts.
     */
    private void setText(int slot, String column, String text) {
        texts[slot] = text;
        if (text == TextConverter.NOT_UTF8 && notUtf8Column == null) {
            notUtf8Column = column;
        }
    }

    private SensorReading build(String rideId) {
        String id = text("id");
        String uuid = text("uuid");
        if (kind == SensorKind.LOCATIONS) {
            return new LocationFix(number("offset"), id, rideId, uuid, number("course"), number("latitude"),
                    number("longitude"), text("geohash"), number("speed"), number("accuracy"), 0L);
        }
        return new AccelerationSample(number("offset"), id, rideId, uuid, number("x"), number("y"),
                number("z"), 0L);
    }

    private double number(String column) {
        return numbers[slot.get(column)];
    }

    private String text(String column) {
        return texts[slot.get(column)];
    }

    @Override
    public GroupConverter getRootConverter() {
        return root;
    }

    private final class NumberConverter extends PrimitiveConverter {
        private final int slot;
        /** A DECIMAL column's scale: its integers are unscaled values; −1 for any other column. */
        private final int scale;
        /** An unsigned integer column (pyarrow's uint32, uint64): Parquet stores it in a signed int of the same size. */
        private final boolean unsigned;

        NumberConverter(int slot, int scale, boolean unsigned) {
            this.slot = slot;
            this.scale = scale;
            this.unsigned = unsigned;
        }

        @Override
        public void addDouble(double value) {
            numbers[slot] = value;
            present[slot] = true;
        }

        /**
         * A float column (pandas' float32, or a writer that narrowed the export's doubles) is published as the
         * float's decimal ({@code Float.toString}, as Spark's {@code to_json} prints it): 0.1f as 0.1, not as the
         * widened 0.10000000149011612. A float32 reader of the JSON gets the same float back either way.
         */
        @Override
        public void addFloat(float value) {
            addDouble(ParquetRows.floatAsDecimal(value));
        }

        @Override
        public void addInt(int value) {
            addLong(unsigned ? Integer.toUnsignedLong(value) : value);
        }

        @Override
        public void addLong(long value) {
            if (unsigned && value < 0) { // 2^63 or more: a uint64 that a long cannot hold
                addDouble(new BigInteger(Long.toUnsignedString(value)).doubleValue());
                return;
            }
            addDouble(scale > 0 ? BigDecimal.valueOf(value, scale).doubleValue() : value);
        }

        /** A DECIMAL held in bytes: a big-endian two's-complement unscaled value. */
        @Override
        public void addBinary(Binary value) {
            addDouble(new BigDecimal(new BigInteger(value.getBytes()), Math.max(0, scale)).doubleValue());
        }
    }
}
