package org.fleetstreams.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A strict enough reader of the Prometheus text exposition format (0.0.4) for tests. */
final class PrometheusText {

    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\",?)*})? (-?[0-9.eE+-]+|NaN|[+-]Inf)( -?[0-9]+)?");
    private static final Pattern META = Pattern.compile("# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*");

    private PrometheusText() {
    }

    /** Every line's syntax, one HELP and one TYPE per metric family at most, and a newline after the last line. */
    static void assertValid(String text) {
        assertThat(text).isNotBlank().endsWith("\n");
        Set<String> described = new HashSet<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            assertThat(line.startsWith("#") ? META.matcher(line).matches() : SAMPLE.matcher(line).matches())
                    .as("Prometheus text line: " + line).isTrue();
            if (line.startsWith("# ")) {
                String[] words = line.split(" ", 4);
                assertThat(described.add(words[1] + " " + words[2])).as("once per family: " + line).isTrue();
            }
        }
    }

    /** The sum of every sample of a metric (all label sets); 0 when absent. */
    static double sum(String text, String name) {
        double sum = 0;
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.matches() && m.group(1).equals(name)) {
                double v = Double.parseDouble(m.group(5).replace("+Inf", "Infinity").replace("-Inf", "-Infinity"));
                sum += Double.isNaN(v) ? 0 : v;
            }
        }
        return sum;
    }
}
