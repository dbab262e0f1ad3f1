package org.fleetstreams.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Spark check ({@code docs/spark-check}, run by hand: it needs Spark, which the build leaves out) claims to run
 * the course guide's queries call for call. This keeps the two texts from drifting apart: the schemas' fields and
 * types, how a topic is read, the join condition and q3's columns, the windows' and watermarks' durations, q2's
 * filter and aggregates, and the output modes are the same in the guide's PySpark and in the check's Java.
 */
class CourseGuideSparkCheckTest {

    private static final Path ROOT = Path.of("..");
    private static final Path QUERIES =
            ROOT.resolve("docs/spark-check/src/main/java/org/fleetstreams/sparkcheck/CourseQueries.java");

    @Test
    void theSparkCheckRunsTheGuidesQueries() throws IOException {
        String guide = Files.readString(ROOT.resolve("docs/course-guide.md"));
        String java = Files.readString(QUERIES);

        // fields and types, in order: .add("offset", DataTypes.DoubleType) against StructField("offset", DoubleType())
        Pattern javaField = Pattern.compile("\\.add\\(\"(\\w+)\", DataTypes\\.(\\w+)\\)");
        Pattern guideField = Pattern.compile("StructField\\(\"(\\w+)\", (\\w+)\\(\\)\\)");
        assertThat(all(javaField, block(java, "LOCATION_SCHEMA =", ";")))
                .containsExactlyElementsOf(all(guideField, block(guide, "location_schema = StructType([", "])")))
                .hasSize(10);
        assertThat(all(javaField, block(java, "ACCELERATION_SCHEMA =", ";")))
                .containsExactlyElementsOf(all(guideField, block(guide, "acceleration_schema = StructType([", "])")))
                .hasSize(7);

        // read(): from the first offset, the value as text, Kafka's timestamp as ts
        String guideRead = block(guide, "def read(kind, schema):", "locations = read(");
        String javaRead = block(java, "static Dataset<Row> read(", "static Dataset<Row> meanSpeed");
        for (String call : List.of("option(\"startingOffsets\", \"earliest\")", "col(\"value\").cast(\"string\")",
                "col(\"timestamp\").alias(\"ts\")", "select(\"r.*\", \"ts\")")) {
            assertThat(guideRead).contains(call);
            assertThat(javaRead).contains(call);
        }

        String guideJoin = block(guide, "F.expr(\"\"\"", "\"\"\"");
        String javaJoin = block(java, "JOIN_CONDITION = \"\"\"", "\"\"\"");
        assertThat(words(javaJoin)).isEqualTo(words(guideJoin)).contains("INTERVAL 2 SECONDS");

        // q2's and q3's text in the guide, from q2's first line to q3's
        String guideQueries = block(guide, "q2 = (", "q3 = (");
        String javaQueries = block(java, "static Dataset<Row> meanSpeed", "static SparkSession session");
        Pattern duration = Pattern.compile("\"(\\d+ seconds)\"");
        assertThat(all(duration, javaQueries)).containsExactlyElementsOf(all(duration, guideQueries))
                .containsExactly("5 seconds", "30 seconds", "15 seconds", "5 seconds", "5 seconds");
        Pattern alias = Pattern.compile("\\.alias\\(\"(\\w+)\"\\)");
        assertThat(all(alias, block(java, "static Dataset<Row> meanSpeed", "/** The guide's q3")))
                .containsExactlyElementsOf(all(alias, block(guide, "q2 = (", "writeStream")))
                .contains("mean_speed", "max_speed", "fixes");
        // the aggregates and the filter: F.avg("speed") against avg("speed"), ...
        Pattern onSpeed = Pattern.compile("(\\w+)\\(\"(speed|\\*)\"\\)");
        assertThat(all(onSpeed, block(java, "static Dataset<Row> meanSpeed", "/** The guide's q3")))
                .containsExactlyElementsOf(all(onSpeed, block(guide, "q2 = (", "writeStream")))
                .containsExactly("col:speed", "avg:speed", "max:speed", "count:*");
        assertThat(guideQueries).contains("F.col(\"speed\") >= 0)");
        assertThat(javaQueries).contains("col(\"speed\").geq(0))");
        assertThat(all(Pattern.compile("groupBy\\((?:F\\.)?window\\((?:F\\.col\\()?\"?(ts)"), guideQueries))
                .isEqualTo(all(Pattern.compile("groupBy\\(window\\(col\\(\"(ts)"), javaQueries)).hasSize(1);

        // q3's columns, in order: "l.ride_id", F.col("l.ts").alias("location_time"), ...
        Pattern column = Pattern.compile("\"([la]\\.\\w+|\\w+_time)\"");
        assertThat(all(column, block(java, "l.join(a, expr(JOIN_CONDITION))", "static SparkSession session")))
                .containsExactlyElementsOf(all(column, block(guide, "q3 = (joined.select(", ".writeStream")))
                .contains("l.ride_id", "location_time", "acceleration_time", "a.z");

        // the output modes the course runs them with, as the timing runs them
        String timing = Files.readString(QUERIES.resolveSibling("TimeCourseQueries.java"));
        Pattern mode = Pattern.compile("outputMode\\(\"(\\w+)\"\\)");
        List<String> guideModes = new ArrayList<>(all(mode, block(guide, "q2 = (", "start())")));
        guideModes.addAll(all(mode, block(guide, "q3 = (joined.select(", "start())")));
        assertThat(all(mode, timing)).containsExactlyElementsOf(guideModes).containsExactly("update", "append");
    }

    private static String block(String text, String from, String to) {
        int start = text.indexOf(from);
        assertThat(start).as("'%s' in the text", from).isNotNegative();
        int end = text.indexOf(to, start + from.length());
        assertThat(end).as("'%s' after '%s'", to, from).isPositive();
        return text.substring(start + from.length(), end);
    }

    /** Every match's groups, joined by ':' ("offset:DoubleType"), in order. */
    private static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            StringBuilder groups = new StringBuilder(m.group(1));
            for (int g = 2; g <= m.groupCount(); g++) {
                groups.append(':').append(m.group(g));
            }
            found.add(groups.toString());
        }
        return found;
    }

    private static String words(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }
}
