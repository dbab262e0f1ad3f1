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
 * the course guide's queries call for call. This keeps the two texts from drifting apart: the schemas' fields, the
 * join condition, the windows' and watermarks' durations and the aggregates' names are the same in the guide's
 * PySpark and in {@code CourseQueries.java}.
 */
class CourseGuideSparkCheckTest {

    private static final Path ROOT = Path.of("..");
    private static final Path QUERIES =
            ROOT.resolve("docs/spark-check/src/main/java/org/fleetstreams/sparkcheck/CourseQueries.java");

    @Test
    void theSparkCheckRunsTheGuidesQueries() throws IOException {
        String guide = Files.readString(ROOT.resolve("docs/course-guide.md"));
        String java = Files.readString(QUERIES);

        assertThat(all(Pattern.compile(".add\\(\"(\\w+)\""), block(java, "LOCATION_SCHEMA =", ";")))
                .containsExactlyElementsOf(all(Pattern.compile("StructField\\(\"(\\w+)\""),
                        block(guide, "location_schema = StructType([", "])")));
        assertThat(all(Pattern.compile(".add\\(\"(\\w+)\""), block(java, "ACCELERATION_SCHEMA =", ";")))
                .containsExactlyElementsOf(all(Pattern.compile("StructField\\(\"(\\w+)\""),
                        block(guide, "acceleration_schema = StructType([", "])")));

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
        assertThat(guideQueries).contains("F.col(\"speed\") >= 0");
        assertThat(javaQueries).contains("col(\"speed\").geq(0)");
    }

    private static String block(String text, String from, String to) {
        int start = text.indexOf(from);
        assertThat(start).as("'%s' in the text", from).isNotNegative();
        int end = text.indexOf(to, start + from.length());
        assertThat(end).as("'%s' after '%s'", to, from).isPositive();
        return text.substring(start + from.length(), end);
    }

    private static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static String words(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }
}
