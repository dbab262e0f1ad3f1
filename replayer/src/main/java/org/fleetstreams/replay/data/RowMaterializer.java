package org.fleetstreams.replay.data;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
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

    /**
     * A text column's bytes that are not UTF-8 (compared by identity, {@link #notUtf8Column}). Decoded leniently, two
     * different ride ids could become one string of replacement characters, and their rows one ride: such a row is left
     * out, counted by reason.
     */
    private static final String NOT_UTF8 = new String("not UTF-8");

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
                    ? new TextConverter(s, name, type.getPrimitiveTypeName(), SchemaCheck.isUnsigned(type))
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

    private final class TextConverter extends PrimitiveConverter {
        private final int slot;
        private final String column;
        private final PrimitiveTypeName type;
        private final boolean unsigned;
        // ride_id, uuid and id repeat on every row of a file; decoding the dictionary once saves a
        // UTF-8 decode per row.
        private String[] dictionary;
        private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

        TextConverter(int slot, String column, PrimitiveTypeName type, boolean unsigned) {
            this.slot = slot;
            this.column = column;
            this.type = type;
            this.unsigned = unsigned;
        }

        @Override
        public boolean hasDictionarySupport() {
            return true;
        }

        @Override
        public void setDictionary(Dictionary dict) {
            dictionary = new String[dict.getMaxId() + 1];
            for (int i = 0; i <= dict.getMaxId(); i++) {
                dictionary[i] = switch (type) {
                    case INT32 -> text(dict.decodeToInt(i));
                    case INT64 -> text(dict.decodeToLong(i));
                    default -> utf8(dict.decodeToBinary(i));
                };
            }
        }

        @Override
        public void addValueFromDictionary(int dictionaryId) {
            set(dictionary[dictionaryId]);
        }

        @Override
        public void addBinary(Binary value) {
            set(utf8(value));
        }

        @Override
        public void addInt(int value) {
            texts[slot] = text(value);
        }

        @Override
        public void addLong(long value) {
            texts[slot] = text(value);
        }

        private void set(String text) {
            texts[slot] = text;
            if (text == NOT_UTF8 && notUtf8Column == null) {
                notUtf8Column = column;
            }
        }

        private String utf8(Binary value) {
            try {
                return strict.decode(value.toByteBuffer()).toString();
            } catch (CharacterCodingException e) {
                return NOT_UTF8;
            }
        }

        private String text(int value) {
            return unsigned ? Integer.toUnsignedString(value) : Integer.toString(value);
        }

        private String text(long value) {
            return unsigned ? Long.toUnsignedString(value) : Long.toString(value);
        }
    }
}
