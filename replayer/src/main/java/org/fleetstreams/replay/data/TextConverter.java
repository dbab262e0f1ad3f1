package org.fleetstreams.replay.data;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * One text column's values ({@code id}, {@code ride_id}, {@code uuid}, {@code geohash}) as the text the JSON carries,
 * whatever type {@link SchemaCheck} let the writer store them in: UTF-8 bytes (string, enum, JSON), a UUID's 16 bytes
 * in its canonical form, an integer as its decimal (unsigned when so typed), and a float or double id (pandas' float64
 * for integer ids with gaps) as {@link #text(double)} says. Each value goes to {@code sink}; {@link RowMaterializer}
 * keeps it for the row.
 */
final class TextConverter extends PrimitiveConverter {

    /**
     * Bytes that are not UTF-8 (compared by identity). Decoded leniently, two different ride ids could become one
     * string of replacement characters, and their rows one ride: the materializer leaves such a row out, counted.
     */
    static final String NOT_UTF8 = new String("not UTF-8");

    private final PrimitiveTypeName type;
    private final boolean unsigned;
    private final boolean uuid;
    private final Consumer<String> sink;
    // ride_id, uuid and id repeat on every row of a file; decoding the dictionary once saves a decode per row.
    private String[] dictionary;
    private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    TextConverter(PrimitiveType type, Consumer<String> sink) {
        this.type = type.getPrimitiveTypeName();
        this.unsigned = SchemaCheck.isUnsigned(type);
        this.uuid = SchemaCheck.isUuid(type);
        this.sink = sink;
    }

    /**
     * A float or double in a text column: NaN is no value (pandas' missing id), so null; a whole number is its integer
     * decimal ({@code 12}, not {@code 12.0}: pandas turns an int64 id column with a gap into float64, and the ids mean
     * the integers); any other value is {@link Double#toString}, infinities included ({@code Infinity}), so nothing the
     * file holds is dropped. A whole number beyond a long (2^63) keeps {@code Double.toString} too ({@code 1.0E20}):
     * a long id cannot have been that.
     */
    static String text(double value) {
        if (Double.isNaN(value)) {
            return null;
        }
        if (value == Math.rint(value) && Math.abs(value) < 0x1p63) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    /** Parquet's UUID: 16 bytes, most significant first; printed 8-4-4-4-12 in lower case, as Spark and DuckDB do. */
    static String uuid(Binary value) {
        ByteBuffer bytes = value.toByteBuffer(); // a view: no copy per value
        return new UUID(bytes.getLong(), bytes.getLong()).toString();
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
                case FLOAT -> text(ParquetRows.floatAsDecimal(dict.decodeToFloat(i)));
                case DOUBLE -> text(dict.decodeToDouble(i));
                default -> text(dict.decodeToBinary(i));
            };
        }
    }

    @Override
    public void addValueFromDictionary(int dictionaryId) {
        sink.accept(dictionary[dictionaryId]);
    }

    @Override
    public void addBinary(Binary value) {
        sink.accept(text(value));
    }

    @Override
    public void addInt(int value) {
        sink.accept(text(value));
    }

    @Override
    public void addLong(long value) {
        sink.accept(text(value));
    }

    /** A float id as the float's shortest decimal first (0.1f is 0.1), as a float number column is read. */
    @Override
    public void addFloat(float value) {
        sink.accept(text(ParquetRows.floatAsDecimal(value)));
    }

    @Override
    public void addDouble(double value) {
        sink.accept(text(value));
    }

    private String text(Binary value) {
        if (uuid) {
            return uuid(value);
        }
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
