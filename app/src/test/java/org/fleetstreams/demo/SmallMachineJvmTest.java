package org.fleetstreams.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When {@code java -jar app.jar demo} runs in a child JVM with C1 only, and that the child is the demo. */
class SmallMachineJvmTest {

    private static final List<String> ARGS = List.of("org.fleetstreams.launcher.Launcher", "demo", "--speed", "10");

    private static SmallMachineJvm.Jvm jvm(int cpus, List<String> options, Map<String, String> env, String mode,
                                           boolean child) {
        return new SmallMachineJvm.Jvm(cpus, options, env, "/jdk/bin/java", "app.jar", mode, child, false);
    }

    @Test
    void aOnePassDemoOnTwoCpusRunsInAChildWithC1OnlyAndTheSameOptionsAndArguments() {
        List<String> command = SmallMachineJvm.childCommand(jvm(2, List.of("-Xmx2g", "-Dfoo=bar"), Map.of(), "auto",
                false), ARGS, false, false).orElseThrow();

        assertThat(command).containsExactly("/jdk/bin/java", "-Xmx2g", "-Dfoo=bar", "-XX:TieredStopAtLevel=1",
                "-Dfleetstreams.demo.child=true", "-cp", "app.jar", "org.fleetstreams.launcher.Launcher",
                "demo", "--speed", "10");
    }

    @Test
    void itStaysInThisJvmWhereC2HasACoreOrTheDemoRunsLongOrTheUserChoseTheJvm() {
        assertThat(SmallMachineJvm.childCommand(jvm(4, List.of(), Map.of(), "auto", false), ARGS, false, false)).isEmpty();
        assertThat(SmallMachineJvm.childCommand(jvm(2, List.of(), Map.of(), "auto", false), ARGS, true, false))
                .as("--keep-running: C1's slower code costs more than C2's first minute").isEmpty();
        assertThat(SmallMachineJvm.childCommand(jvm(2, List.of(), Map.of(), "auto", false), ARGS, false, true))
                .as("--speed max").isEmpty();
        for (String option : List.of("-XX:TieredStopAtLevel=4", "-XX:StartFlightRecording=filename=x.jfr",
                "-javaagent:a.jar", "-agentlib:jdwp=transport=dt_socket", "-Xint", "-Xrunjdwp:server=y",
                "-Dcom.sun.management.jmxremote.port=9010", "-Xlog:gc:file=gc.log")) {
            assertThat(SmallMachineJvm.childCommand(jvm(2, List.of(option), Map.of(), "auto", false), ARGS, false, false))
                    .as(option).isEmpty();
        }
        for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) {
            assertThat(SmallMachineJvm.childCommand(jvm(2, List.of(), Map.of(variable, "-Xmx1g"), "auto", false),
                    ARGS, false, false)).as("the child would take %s twice", variable).isEmpty();
        }
        assertThat(SmallMachineJvm.childCommand(new SmallMachineJvm.Jvm(2, List.of(), Map.of(), "java.exe", "app.jar",
                "auto", false, true), ARGS, false, false)).as("Windows: no clean stop for a child").isEmpty();
        assertThat(SmallMachineJvm.childCommand(jvm(2, List.of(), Map.of(), "c2", false), ARGS, false, false)).isEmpty();
        assertThat(SmallMachineJvm.childCommand(new SmallMachineJvm.Jvm(2, List.of(), Map.of(), "java", "", "auto", false,
                false), ARGS, false, false)).as("this code not on the class path (mvn exec:java)").isEmpty();
        assertThat(SmallMachineJvm.childCommand(jvm(2, List.of(), Map.of(), "auto", true), ARGS, false, false))
                .as("the child itself").isEmpty();
    }

    @Test
    void c1IsAvailableOnAnyMachineOnRequestWithoutPassingTheRequestOn() {
        List<String> command = SmallMachineJvm.childCommand(jvm(16, List.of("-Dfleetstreams.demo.jit=c1"), Map.of(), "c1",
                false), ARGS, true, false).orElseThrow();

        assertThat(command).contains("-XX:TieredStopAtLevel=1", "-Dfleetstreams.demo.child=true")
                .doesNotContain("-Dfleetstreams.demo.jit=c1");
    }

    /** A real child JVM through the launcher: its output arrives and its exit code is the parent's. */
    @Test
    void theChildIsTheDemoAndItsExitCodeIsReturned(@TempDir Path dir) throws Exception {
        SmallMachineJvm.Jvm here = SmallMachineJvm.Jvm.ofThisJvm();
        assertThat(here.classPath()).as("Surefire's class path holds this code").isNotEmpty();
        SmallMachineJvm.Jvm asked = new SmallMachineJvm.Jvm(here.cpus(), List.of("-Xmx256m"), Map.of(),
                here.javaBinary(), here.classPath(), "c1", false, here.windows());
        List<String> command = SmallMachineJvm.childCommand(asked, List.of("org.fleetstreams.launcher.Launcher", "demo", "--data", "no/such/dir"), false, false)
                .orElseThrow();
        Path log = dir.resolve("demo-child.log");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        OptionalInt code = SmallMachineJvm.run(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(code).as("the child's 'bad options or data'").hasValue(2);
        assertThat(Files.readString(log)).contains("error: no data set at").contains("no/such/dir")
                .doesNotContain("JVM: ");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("C1 only (-XX:TieredStopAtLevel=1, pid ");
    }

    @Test
    void aChildThatCannotStartLeavesTheDemoToThisJvm() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        OptionalInt code = SmallMachineJvm.run(new ProcessBuilder("/no/such/java", "-version"),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(code).isEmpty();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("the demo runs in this one");
    }
}
