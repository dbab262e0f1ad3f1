package org.fleetstreams.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.fleetstreams.app.FleetApp;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.ReadingJsonWriter;
import org.fleetstreams.launcher.Launcher;
import org.fleetstreams.replay.ReplayerCli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A doc that drifts from the code is a bug: every option the README and docs/ name in a code block or an option
 * table, attributed to a command (a {@code replayer.jar} / {@code app.jar demo} ... command line, or a table whose
 * first header cell names the command), must be in that command's {@code --help}; the README's two commands stay as
 * CI runs them; links resolve; the course guide's Spark schemas are the records' fields.
 */
class DocsTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern COMMAND = Pattern.compile("(replayer\\.jar|app\\.jar)(?:\\s+(generate|demo)\\b)?");
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");
    private static final Map<String, String> HELP = new LinkedHashMap<>();

    @BeforeAll
    static void runEveryDocumentedCommandsHelp() {
        HELP.put("replayer.jar", help(new CommandLine(new ReplayerCli()).setCaseInsensitiveEnumValuesAllowed(true)));
        HELP.put("replayer.jar generate", help(new CommandLine(new ReplayerCli()).setCaseInsensitiveEnumValuesAllowed(true), "generate"));
        HELP.put("app.jar", help(Launcher.commandLine()));
        HELP.put("app.jar demo", help(Launcher.commandLine(), "demo"));
    }

    private static String help(CommandLine cli, String... sub) {
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        List<String> args = new ArrayList<>(List.of(sub));
        args.add("--help");
        int code = cli.execute(args.toArray(String[]::new));
        assertThat(code).as("%s --help", String.join(" ", sub)).isZero();
        return out.toString();
    }

    private static Set<String> helpOptions(String command) {
        Set<String> options = new TreeSet<>();
        Matcher m = OPTION.matcher(HELP.get(command));
        while (m.find()) {
            options.add(m.group());
        }
        return options;
    }

    @Test
    void everyDocumentedOptionIsInItsCommandsHelp() throws IOException {
        Map<String, Set<String>> documented = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Path doc : docs()) {
            for (Mention m : mentions(Files.readAllLines(doc, StandardCharsets.UTF_8))) {
                documented.computeIfAbsent(m.command(), k -> new TreeSet<>()).add(m.option());
                if (!helpOptions(m.command()).contains(m.option())) {
                    missing.add(ROOT.relativize(doc) + ":" + m.line() + ": " + m.command() + " has no " + m.option());
                }
            }
        }
        assertThat(missing).as("options in the docs that the command's --help does not list").isEmpty();
        // the parser must actually find the docs' options (guards against a test that checks nothing)
        assertThat(documented.get("replayer.jar")).contains("--dry-run", "--speed", "--topic-prefix", "--embedded-broker",
                "--producer-config", "--clock");
        assertThat(documented.get("app.jar")).contains("--state-dir", "--config", "--application-id", "--log-file");
        assertThat(documented.get("app.jar demo")).contains("--keep-running", "--work-dir", "--broker-port");
        assertThat(documented.get("replayer.jar generate")).contains("--out", "--cars", "--seed");
    }

    @Test
    void theCheckAttributesOptionsToTheirCommand() {
        List<Mention> found = mentions(List.of("```bash", "java -jar app/target/app.jar demo --work-dir x # --not-this",
                "java -jar replayer/target/replayer.jar --loop && java -jar app/target/app.jar --state-dir s", "```",
                "| `replayer.jar` option | default |", "| --- | --- |", "| `--dry-run` | off, unlike `--other` |", "",
                "| option | default |", "| --- | --- |", "| `--unattributed` | |"));
        assertThat(found).extracting(m -> m.command() + " " + m.option()).containsExactlyInAnyOrder(
                "app.jar demo --work-dir", "replayer.jar --loop", "app.jar --state-dir", "replayer.jar --dry-run");
        assertThat(helpOptions("replayer.jar")).doesNotContain("--work-dir");
    }

    @Test
    void everyDocumentedMavenToolRunExistsAndTakesItsOptions() throws IOException {
        // mvn ... -pl MODULE exec:java@ID -Dexec.args="--x": the execution ID is in MODULE's pom, and each option
        // (also those on the comment lines right after it) is a string literal in MODULE's test sources
        Pattern run = Pattern.compile("-pl (\\w+) exec:java@([\\w-]+)");
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path doc : docs()) {
            List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
            String module = null;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                Matcher m = run.matcher(line);
                String options;
                if (m.find()) {
                    module = m.group(1);
                    if (!Files.readString(ROOT.resolve(module).resolve("pom.xml")).contains("<id>" + m.group(2) + "</id>")) {
                        problems.add(ROOT.relativize(doc) + ":" + (i + 1) + ": no execution " + m.group(2) + " in " + module);
                    }
                    options = line.substring(m.end());
                } else if (module != null && line.startsWith("# ")) {
                    options = line;
                } else {
                    module = null;
                    continue;
                }
                Matcher o = OPTION.matcher(options);
                while (o.find()) {
                    checked++;
                    if (!testSources(module).contains("\"" + o.group() + "\"")) {
                        problems.add(ROOT.relativize(doc) + ":" + (i + 1) + ": " + module + " tools take no " + o.group());
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(checked).isGreaterThan(10);
    }

    private static String testSources(String module) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/test/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                all.append(Files.readString(f));
            }
        }
        return all.toString();
    }

    @Test
    void theReadmeFitsOnAScreenAndKeepsTheTwoCommandsCiRuns() throws IOException {
        List<String> readme = Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        assertThat(readme.size()).isLessThanOrEqualTo(150);
        List<String> firstBlock = readme.subList(readme.indexOf("```bash") + 1, readme.size());
        firstBlock = firstBlock.subList(0, firstBlock.indexOf("```"));
        assertThat(firstBlock).contains("mvn -B -q package -DskipTests && java -jar app/target/app.jar demo",
                "mvn -B -ntp verify");
        assertThat(Files.readString(ROOT.resolve(".ci/run"))).contains("exec mvn -B -ntp verify");
    }

    @Test
    void everyLinkToAFileResolves() throws IOException {
        Pattern link = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
        List<String> broken = new ArrayList<>();
        for (Path doc : docs()) {
            Matcher m = link.matcher(Files.readString(doc));
            while (m.find()) {
                String target = m.group(1);
                if (!target.startsWith("http") && !Files.exists(doc.getParent().resolve(target))) {
                    broken.add(ROOT.relativize(doc) + " -> " + target);
                }
            }
        }
        assertThat(broken).isEmpty();
        assertThat(docs()).extracting(p -> ROOT.relativize(p).toString().replace('\\', '/')).contains("docs/architecture.md",
                "docs/replayer.md", "docs/harsh-braking.md", "docs/operations.md", "docs/benchmarks.md",
                "docs/course-guide.md");
    }

    @Test
    void theCourseGuidesSchemasAreTheFieldsOfTheRecords() throws IOException {
        String guide = Files.readString(ROOT.resolve("docs/course-guide.md"));
        List<String> locationSchema = structFields(guide, "location_schema");
        List<String> accelerationSchema = structFields(guide, "acceleration_schema");
        assertThat(locationSchema).containsExactly("offset", "id", "ride_id", "uuid", "course", "latitude", "longitude",
                "geohash", "speed", "accuracy");
        assertThat(accelerationSchema).containsExactly("offset", "id", "ride_id", "uuid", "x", "y", "z");
        // the records as the replayer writes them (the guide's examples read by the project's serde, written back by
        // the replayer's writer)
        List<String> examples = guide.lines().filter(l -> l.startsWith("{\"offset\"")).toList();
        assertThat(examples).hasSize(2);
        ReadingJsonWriter writer = new ReadingJsonWriter();
        byte[] location = writer.write(FleetSerdes.locationFix().deserializer().deserialize("t",
                examples.get(0).getBytes(StandardCharsets.UTF_8)), 0).json();
        byte[] acceleration = writer.write(FleetSerdes.accelerationSample().deserializer().deserialize("t",
                examples.get(1).getBytes(StandardCharsets.UTF_8)), 0).json();
        assertThat(fieldNames(location)).containsExactlyInAnyOrderElementsOf(locationSchema);
        assertThat(fieldNames(acceleration)).containsExactlyInAnyOrderElementsOf(accelerationSchema);
        assertThat(fieldNames(examples.get(0).getBytes(StandardCharsets.UTF_8))).containsExactlyElementsOf(locationSchema);
        assertThat(fieldNames(examples.get(1).getBytes(StandardCharsets.UTF_8))).containsExactlyElementsOf(accelerationSchema);
    }

    private static List<String> fieldNames(byte[] json) throws IOException {
        List<String> names = new ArrayList<>();
        new ObjectMapper().readTree(json).fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> structFields(String guide, String name) {
        int start = guide.indexOf(name + " = StructType([");
        assertThat(start).as(name).isNotNegative();
        String block = guide.substring(start, guide.indexOf("])", start));
        List<String> fields = new ArrayList<>();
        Matcher m = Pattern.compile("StructField\\(\"([a-z_]+)\"").matcher(block);
        while (m.find()) {
            fields.add(m.group(1));
        }
        return fields;
    }

    private static List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("data/README.md")));
        try (Stream<Path> pages = Files.list(ROOT.resolve("docs"))) {
            pages.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    /** An option named in a doc, and the command it is attributed to. */
    record Mention(String command, String option, int line) {
    }

    /** Options in code blocks after a command's jar, and in tables whose first header cell names the command. */
    static List<Mention> mentions(List<String> lines) {
        Set<Mention> found = new LinkedHashSet<>();
        boolean inCode = false;
        String tableCommand = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                inCode = !inCode;
                continue;
            }
            if (inCode) {
                Matcher c = COMMAND.matcher(line);
                List<int[]> spans = new ArrayList<>();
                List<String> commands = new ArrayList<>();
                while (c.find()) {
                    spans.add(new int[] {c.end(), line.length()});
                    commands.add(c.group(2) == null ? c.group(1) : c.group(1) + " " + c.group(2));
                    if (spans.size() > 1) {
                        spans.get(spans.size() - 2)[1] = c.start();
                    }
                }
                for (int k = 0; k < spans.size(); k++) {
                    String segment = line.substring(spans.get(k)[0], spans.get(k)[1]).split("#", 2)[0];
                    Matcher o = OPTION.matcher(segment);
                    while (o.find()) {
                        found.add(new Mention(commands.get(k), o.group(), i + 1));
                    }
                }
                continue;
            }
            if (line.startsWith("|")) {
                String[] cells = line.split("(?<!\\\\)\\|");
                String first = cells.length > 1 ? cells[1] : "";
                if (i + 1 < lines.size() && lines.get(i + 1).startsWith("| ---")) {
                    Matcher c = COMMAND.matcher(first);
                    tableCommand = c.find() && first.contains("option")
                            ? (c.group(2) == null ? c.group(1) : c.group(1) + " " + c.group(2)) : null;
                } else if (tableCommand != null && !line.startsWith("| ---")) {
                    Matcher o = OPTION.matcher(first);
                    while (o.find()) {
                        found.add(new Mention(tableCommand, o.group(), i + 1));
                    }
                }
            } else {
                tableCommand = null;
            }
        }
        return new ArrayList<>(found);
    }
}
