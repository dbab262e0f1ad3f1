package org.fleetstreams.replay.data;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/** Checks a file's Parquet schema against what a {@link SensorKind} needs. Pure: easy to test. */
final class SchemaCheck {

    private SchemaCheck() {
    }

    /** Problems with {@code schema}, empty when it is usable. Extra columns (timestamp, filename...) are fine. */
    static List<String> problems(SensorKind kind, MessageType schema) {
        List<String> problems = new ArrayList<>();
        for (String column : kind.numberColumns()) {
            check(schema, column, "double", SchemaCheck::isNumber, problems);
        }
        for (String column : kind.textColumns()) {
            check(schema, column, "string", SchemaCheck::isText, problems);
        }
        return problems;
    }

    private static void check(MessageType schema, String column, String expected,
                              java.util.function.Predicate<PrimitiveType> ok, List<String> problems) {
        if (!schema.containsField(column)) {
            problems.add("missing required column '" + column + "' (columns: "
                    + schema.getFields().stream().map(Type::getName).collect(Collectors.joining(",")) + ")");
            return;
        }
        Type type = schema.getType(column);
        if (!type.isPrimitive() || type.isRepetition(Type.Repetition.REPEATED) || !ok.test(type.asPrimitiveType())) {
            problems.add("column '" + column + "' is " + describe(type) + ", expected " + expected);
        }
    }

    private static boolean isNumber(PrimitiveType type) {
        return type.getPrimitiveTypeName() == PrimitiveTypeName.DOUBLE
                || type.getPrimitiveTypeName() == PrimitiveTypeName.FLOAT;
    }

    private static boolean isText(PrimitiveType type) {
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        return type.getPrimitiveTypeName() == PrimitiveTypeName.BINARY
                && (logical == null || logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation);
    }

    private static String describe(Type type) {
        return type.toString().replace(" " + type.getName(), "").strip();
    }
}
