package org.fleetstreams.replay.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Checks a file's Parquet schema against what a {@link SensorKind} needs. Pure: easy to test.
 *
 * <p>Beyond the BDD export's own types (double, string) it takes what other writers of the same data produce: float
 * and plain integer numbers, integer ids (published as their decimal text), and a text column that pandas / pyarrow
 * typed as {@code null} because every value in the file is null (such as {@code id} for a ride without one; in a
 * number column every row is then skipped and counted as null, as a null value always is). A text column may also be
 * a UUID (16 bytes, published in its 8-4-4-4-12 form, as DuckDB and Spark write a {@code UUID}) or bytes typed ENUM
 * or JSON (text all the same). {@code id}, {@code uuid} and {@code geohash} may be float or double besides: pandas
 * stores an integer id column with a gap, or with no value at all, as float64 ({@link TextConverter#text(double)}:
 * NaN is null, 12.0 is "12"); {@code ride_id} may not, as a ride's key a float would be a guess. A file without {@code id},
 * {@code uuid} or {@code geohash} is read with that field null; every number column and {@code ride_id} are required.
 * Column names match without regard to case, as Spark reads them by default; two columns that differ only by case are
 * refused.
 */
final class SchemaCheck {

    private SchemaCheck() {
    }

    /** Problems with {@code schema}, empty when it is usable. Extra columns (timestamp, filename...) are fine. */
    static List<String> problems(SensorKind kind, MessageType schema) {
        List<String> problems = new ArrayList<>();
        for (String column : kind.numberColumns()) {
            if (!kind.mayBeAbsent(column) || !absent(schema, column)) {
                check(schema, column, "double", SchemaCheck::isNumber, problems);
            }
        }
        for (String column : kind.textColumns()) {
            if (!kind.mayBeAbsent(column) || !absent(schema, column)) {
                check(schema, column, "string", column.equals("ride_id") ? SchemaCheck::isText : SchemaCheck::isIdText,
                        problems);
            }
        }
        return problems;
    }

    /**
     * The columns this file lacks that it may lack ({@link SensorKind#mayBeAbsent}): published as null (text) or −1
     * (a fix's course, speed, accuracy).
     */
    static List<String> absent(SensorKind kind, MessageType schema) {
        return Stream.concat(kind.numberColumns().stream(), kind.textColumns().stream())
                .filter(c -> kind.mayBeAbsent(c) && absent(schema, c)).toList();
    }

    private static boolean absent(MessageType schema, String column) {
        return schema.getFields().stream().noneMatch(f -> column.equals(f.getName().toLowerCase(Locale.ROOT)));
    }

    private static void check(MessageType schema, String column, String expected,
                              Predicate<PrimitiveType> ok, List<String> problems) {
        List<Type> matches = schema.getFields().stream().filter(f -> column.equals(f.getName().toLowerCase(Locale.ROOT))).toList();
        if (matches.isEmpty()) {
            problems.add("missing required column '" + column + "' (columns: "
                    + schema.getFields().stream().map(Type::getName).collect(Collectors.joining(",")) + ")");
            return;
        }
        if (matches.size() > 1) {
            problems.add("columns " + matches.stream().map(t -> "'" + t.getName() + "'").collect(Collectors.joining(" and "))
                    + " differ only by case: which one is '" + column + "'?");
            return;
        }
        Type type = matches.get(0);
        if (!type.isPrimitive() || type.isRepetition(Type.Repetition.REPEATED) || !ok.test(type.asPrimitiveType())) {
            problems.add("column '" + type.getName() + "' is " + describe(type) + ", expected " + expected);
        }
    }

    private static boolean isNumber(PrimitiveType type) {
        return type.getPrimitiveTypeName() == PrimitiveTypeName.DOUBLE
                || type.getPrimitiveTypeName() == PrimitiveTypeName.FLOAT || isPlainInteger(type) || isAllNull(type)
                || decimalScale(type) >= 0;
    }

    /**
     * The scale of a DECIMAL column (what DuckDB and Spark SQL make of a literal such as 1.5), whatever holds it
     * (INT32, INT64, fixed or variable bytes); −1 for any other column.
     */
    static int decimalScale(PrimitiveType type) {
        return type.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d
                ? d.getScale() : -1;
    }

    /** What a text column may be, {@code ride_id} included: UTF-8 bytes, a UUID, an integer, or no value at all. */
    private static boolean isText(PrimitiveType type) {
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        return type.getPrimitiveTypeName() == PrimitiveTypeName.BINARY
                && (logical == null || logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                    || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                    || logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation)
                || isUuid(type) || isPlainInteger(type) || isAllNull(type);
    }

    /**
     * What {@code id}, {@code uuid} and {@code geohash} may be: text, or a float or double (pandas' float64 for integer
     * ids with gaps). Not {@code ride_id}: a float key (12.0 or 12.5?) is a guess a ride's identity should not rest on.
     */
    private static boolean isIdText(PrimitiveType type) {
        return isText(type) || type.getPrimitiveTypeName() == PrimitiveTypeName.FLOAT
                || type.getPrimitiveTypeName() == PrimitiveTypeName.DOUBLE;
    }

    /** Parquet's UUID logical type: 16 fixed bytes. */
    static boolean isUuid(PrimitiveType type) {
        return type.getPrimitiveTypeName() == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY && type.getTypeLength() == 16
                && type.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation;
    }

    /** INT32 / INT64 holding plain integers (not a timestamp, date, time or decimal). */
    static boolean isPlainInteger(PrimitiveType type) {
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        return (type.getPrimitiveTypeName() == PrimitiveTypeName.INT32
                || type.getPrimitiveTypeName() == PrimitiveTypeName.INT64)
                && (logical == null || logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation);
    }

    /** An unsigned integer column (UINT_32, UINT_64, ...): read as unsigned, not as the signed int that holds it. */
    static boolean isUnsigned(PrimitiveType type) {
        return type.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i
                && !i.isSigned();
    }

    /** A column of the Parquet "null" logical type (UNKNOWN): it holds no value at all. */
    static boolean isAllNull(PrimitiveType type) {
        return type.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.UnknownLogicalTypeAnnotation;
    }

    private static String describe(Type type) {
        return type.toString().replace(" " + type.getName(), "").strip();
    }
}
